-- What a worker wrote with their "after" photo ("已疏通"): shown to the residents with it.
ALTER TABLE event_media ADD COLUMN caption TEXT;
