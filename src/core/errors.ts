/** An error about the user's input, configuration or machine (not a bug): one clear line, exit 2. */
export class RemodelError extends Error {}
