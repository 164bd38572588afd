/** The write transaction: all or nothing, under a lock, recoverable after any interruption. */
export { writeOverlay, type WriteOptions, type WriteResult } from "./write.js";
export { recoverInterrupted, discardJournal, type Recovery } from "./recover.js";
export { acquireLock, holdLockForCommand, releaseCommandLocks } from "./lock.js";
