/** The contract's core side: handlers over the services, the job board (queue, pause, reattach), pushed events. */
export { createStation, type Station, type StationOptions } from './station';
export { JobBoard } from './job-board';
export { verifyResultView } from './views';
export { takeHandlers, type TakeCommand, type TakeHandlerDeps } from './take-handlers';
