// Lint: typescript-eslint's recommended rules plus the layering from STYLE.md,
// enforced here rather than hoped for.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

const electronOnly = { name: 'electron', message: 'Only main/electron may import Electron.' };
const ownTransaction = {
  selector:
    "CallExpression[callee.property.name='transaction'][callee.object.name='db'], CallExpression[callee.property.name='transaction'][callee.object.property.name='db']",
  message: 'Open a transaction with store.transaction(work) or runInTransaction(db, work) (docs/architecture.md).',
};
const ownRepository = {
  selector: 'NewExpression[callee.name=/Repository$/]',
  message:
    "Use the store's repositories (ctx.repositories, store.repositories or repositoriesOf(db)), made once per store (docs/architecture.md).",
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'bench-data/**', 'native/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    rules: {
      // TypeScript (svelte-check) already knows every DOM global; ESLint's list does not.
      'no-undef': 'off',
      // Note HTML is sanitized twice (main/markdown/safe-html.ts, then DOMPurify in reader/sanitize.ts).
      'svelte/no-at-html-tags': 'off',
      // Hash links (#/note/1) are the router; there is no SvelteKit base path to resolve.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['**/*.ts', '**/*.svelte'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-expect-error': 'allow-with-description' }],
    },
  },
  {
    // The store knows nothing of Electron or of the app around it; it keeps what the
    // Markdown pipeline reads, whose plain types it may import (main/markdown/types.ts).
    files: ['db/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            {
              group: ['**/main/**', '../main/**', '../../main/**', '!**/main/markdown/types.js'],
              message: 'db/ must not import from main/ (but the types of main/markdown/types.ts).',
            },
            { group: ['**/main/markdown/types.js'], allowTypeImports: true, message: "Import the pipeline's types with `import type`." },
          ],
        },
      ],
    },
  },
  {
    // Everything in main/ except main/electron runs in plain Node (CLI, host, tests).
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [{ group: ['**/electron/**', '../electron/*'], message: 'Only main/electron may import the Electron layer.' }],
        },
      ],
    },
  },
  {
    // One rule for who opens transactions (docs/architecture.md): main/ opens them with
    // store.transaction (or runInTransaction), never on the database directly.
    files: ['main/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ownTransaction] },
  },
  {
    // …and the app's code uses the store's one set of repositories rather than making its own (tests may).
    files: ['main/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ownTransaction, ownRepository] },
  },
  {
    // The Markdown pipeline (main/markdown) turns a note's text into what the store keeps and
    // the reader shows. It knows no store, no importer and no domain around it: they use it.
    files: ['main/markdown/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronOnly, { name: 'better-sqlite3', message: 'The Markdown pipeline has no database.' }],
          patterns: [
            { group: ['**/db/**'], message: 'The Markdown pipeline knows no store: db/ imports its types, not the other way.' },
            {
              group: ['../*', '!../log', '../log/*', '!../log/logger.js', '!../..', '../../*', '!../../common'],
              message: 'The Markdown pipeline imports nothing of main/ but the logger (and common/).',
            },
            { group: ['**/renderer/**'], message: 'What the pipeline shares with the renderer lives in common/.' },
          ],
        },
      ],
    },
  },
  {
    // What both processes need (the words, KaTeX and Mermaid options, annotation colours) is process-neutral: no Node, DOM-free, no app code.
    files: ['common/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronOnly, { name: 'better-sqlite3', message: 'common/ is shared with the renderer.' }],
          patterns: [
            { group: ['node:*'], message: 'common/ runs in the renderer too: no Node.' },
            { group: ['**/main/**', '**/db/**', '**/renderer/**'], message: 'common/ imports nothing from either process.' },
          ],
        },
      ],
    },
  },
  {
    // The renderer talks to the main process only through the API; it may import the contract's types, and common/.
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronOnly, { name: 'better-sqlite3', message: 'The renderer never touches SQLite.' }],
          patterns: [
            { group: ['**/db/**'], message: 'The renderer never touches the store.' },
            { group: ['node:*'], message: 'No Node in the renderer.' },
            {
              group: ['**/main/**', '!**/main/api/contract', '!**/main/api/contract.js'],
              message: 'The renderer imports only types from main/api/contract.',
            },
            {
              group: ['**/main/api/contract', '**/main/api/contract.js'],
              allowTypeImports: true,
              message: 'Import the contract with `import type`.',
            },
          ],
        },
      ],
    },
  },
);
