/**
 * The static Alembic layer: read revision files without executing them, build the revision graph
 * (heads, bases, branch and merge points, labels), check it, render it.
 */
export type { Location, ReadResult, Revision, RevisionGraph, RevisionSource } from "./types.js";
export { ALEMBIC_CODES } from "./codes.js";
export { readRevision } from "./read.js";
export { buildGraph } from "./graph.js";
export { graphFromSources, loadVersionDirs, isRevisionFileName } from "./load.js";
export { locateVersions, type VersionsLocation } from "./locate.js";
export { historyOrder } from "./history.js";
export { renderHeads, renderHistory, renderMermaid, graphJson, historyJson, renderProblems } from "./render.js";
export { checkGraph } from "./check.js";
export { headsChanged } from "./verify.js";
export { projectGraphs, alembicHeadsCheck, alembicSeveralHeads, severalHeads, type LocatedGraph } from "./project.js";
