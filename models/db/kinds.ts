/** Which database engine the service is talking to (shown by /healthz and by benchmarks). */
export type DatabaseKind = 'mongodb' | 'mongodb-memory-server' | 'ferretdb' | 'embedded';

/** A database the service can connect to; `stop` shuts down what this process started. */
export interface RunningDatabase {
  kind: DatabaseKind;
  uri: string;
  /** Human-readable: where the data lives and what the rung cannot do. */
  description: string;
  /** The engine's own process, when it runs outside this one (tells a live engine from a reused port). */
  pid?: number;
  stop(): Promise<void>;
}
