"""The committee's console: a small web app served by the bot (Telegram Mini App and browser page).

``app.build`` makes the aiohttp application that bot/runtime mounts under ``/console``; the pages are
static files in ``static/`` (no build step), their data comes as JSON from the routes in ``api.py``
and ``actions.py``, and every request is authorised by ``guard.py``.
"""
