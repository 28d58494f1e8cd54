export { Job, type JobContext } from './job';
