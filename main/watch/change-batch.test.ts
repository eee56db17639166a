import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChangeBatch, MAX_SCOPES } from './change-batch.js';

const root = join('/', 'vault');
const at = (...parts: string[]): string => join(root, ...parts);

describe('a batch of changes under a watched folder', () => {
  it('imports a written file alone, and looks for a removed one from its folder', () => {
    const batch = new ChangeBatch(root);
    batch.add('written', at('rlhf', 'ppo.md'));
    batch.add('removed', at('infer', 'kv.md'));
    expect(batch.take()).toEqual([at('infer'), at('rlhf', 'ppo.md')]);
    expect(batch.isEmpty).toBe(true);
  });

  it('drops files and folders covered by a folder already in the batch, and the same file written twice', () => {
    const batch = new ChangeBatch(root);
    batch.add('written', at('a', 'b', 'x.md'));
    batch.add('written', at('a', 'b', 'x.md'));
    batch.add('folderAdded', at('a'));
    batch.add('folderAdded', at('a', 'b'));
    batch.add('written', at('c', 'y.md'));
    expect(batch.take()).toEqual([at('a'), at('c', 'y.md')]);
  });

  it('takes the whole folder when the root itself is in question, or when too many places changed (a git pull)', () => {
    const gone = new ChangeBatch(root);
    gone.add('written', at('a.md'));
    gone.add('folderRemoved', root);
    expect(gone.take()).toEqual([root]);

    const pull = new ChangeBatch(root);
    for (let i = 0; i <= MAX_SCOPES; i++) pull.add('written', at(`d${i}`, 'n.md'));
    expect(pull.take()).toEqual([root]);
  });

  it('a file removed from the root is looked for from the root; paths outside the root are ignored', () => {
    const batch = new ChangeBatch(root);
    batch.add('removed', at('top.md'));
    batch.add('written', join('/', 'elsewhere', 'x.md'));
    batch.add('written', join('/', 'vault-other', 'x.md'));
    expect(batch.take()).toEqual([root]);
  });
});
