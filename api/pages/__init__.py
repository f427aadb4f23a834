"""Server-rendered profile pages: an author's or a group's list, chart and co-author network."""
