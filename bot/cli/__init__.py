"""The entry points: `linli run | demo | parse | digest | export | backup | init | check | corrections`."""
