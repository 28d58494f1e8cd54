export { Job, type JobContext } from './job';
export { isProcessAlive } from './alive';
