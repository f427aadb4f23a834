"""Groups (labs): creating them and recording who was a member when; no HTTP in sight."""
