import { startTracing } from './sdk';

startTracing();
