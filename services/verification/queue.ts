import type { Acting } from '../officers/scope.js';

/** STUB (helper B owns the real one): how many account details wait in the officer's area, by state. */
export async function countQueue(_acting: Acting): Promise<{ submitted: number; verifying: number }> {
  return { submitted: 0, verifying: 0 };
}
