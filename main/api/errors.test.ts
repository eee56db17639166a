import { describe, expect, it } from 'vitest';
import { ApiFailure, toApiError } from './errors.js';

describe('toApiError', () => {
  it('keeps the words of a failure meant for the person', () => {
    expect(toApiError(new ApiFailure('NotFound', 'no note with id 7'))).toEqual({ type: 'NotFound', message: 'no note with id 7' });
  });

  it('tells the caller only the call and a reference; the message and stack go to the log under that reference', () => {
    const logged: string[] = [];
    const leaky = new Error("ENOENT: no such file, open '/home/person/.config/Lattice/secret' root:x:0:0");
    const error = toApiError(leaky, 'sheets.export', (line) => logged.push(line));
    expect(error.type).toBe('Internal');
    expect(error.message).toMatch(/^sheets\.export failed unexpectedly \(error [0-9a-f]{8}; the details are in the log\)$/);
    expect(error.message).not.toMatch(/home|root|ENOENT/);
    const reference = /error ([0-9a-f]{8})/.exec(error.message)![1]!;
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`internal error ${reference} in sheets.export`);
    expect(logged[0]).toContain('/home/person/.config/Lattice/secret');
    expect(logged[0]).toMatch(/at .*errors\.test\.ts/); // the stack, for whoever reads the log
  });
});
