/** How to read the diagrams, in plain words (the Markdown domain pages and the HTML page show it). */
export const DIAGRAM_LEGEND =
  "Each line is a foreign key, from the referenced table to the referencing one. " +
  "At the referenced end, two bars mean the key is required and a circle means it is nullable; " +
  "at the referencing end, a crow's foot means many rows, a circle with a bar at most one (the key is unique). " +
  "Solid lines are keys that are part of the primary key (association tables, child tables); dotted lines are not. " +
  "Boxes without columns are tables drawn in full in another diagram.";
