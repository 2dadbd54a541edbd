-- Decision 275: the notices a person sees (urgent and need-to-know announcements, published)
-- found through this index, instead of by walking every published announcement and testing
-- each one's priority: the home page asks on every visit, and a council keeps thousands of
-- ordinary announcements over the years.
CREATE INDEX items_notices ON items(type, priority, status, published_at DESC);
