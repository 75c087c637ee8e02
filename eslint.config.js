// Lint, mostly to enforce the layers of ARCHITECTURE.md: imports only point down.
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'stream', 'url', 'worker_threads'];
const nodeBuiltins = { group: NODE_BUILTINS, message: 'This layer runs in the renderer too: no Node built-ins.' };

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'release/**', 'coverage/**', 'bench/.work/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, { group: ['electron', '**/gitops/**', '**/electron/**', '**/renderer/**'], message: 'shared/ imports only its own files and zod.' }] }],
    },
  },
  {
    files: ['gitops/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, { group: ['electron', '**/node/**', '**/cli/**', '**/electron/**', '**/renderer/**'], message: 'gitops/core is pure: it imports shared/ and pure libraries only.' }] }],
    },
  },
  {
    files: ['gitops/node/**/*.ts', 'gitops/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['electron', '**/electron/**', '**/renderer/**'], message: 'gitops/ does not know about the app.' }] }],
    },
  },
  {
    // The Git plumbing is git's behaviour only: the workspace sync (gitops/node/sync) builds on it, never the reverse.
    files: ['gitops/node/git/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test-helpers.ts', '**/differential/**', '**/__fixtures__/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', '**/electron/**', '**/renderer/**'], message: 'gitops/ does not know about the app.' },
            { group: ['**/sync/**', '**/core/model/**', '**/core/render/**', '**/core/validate/**', '**/core/plan/**', '**/shared/kinds*', '**/workspace-io*', '**/read-workspace*'], message: 'gitops/node/git is the Git plumbing: it knows nothing of specs (put workspace logic in gitops/node/sync).' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/services/**/*.ts', 'electron/web/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Host services and browser mode run without Electron.' }], patterns: [{ group: ['**/renderer/**'], message: 'The host does not import the renderer.' }] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, { group: ['electron', '**/electron/**', '**/gitops/node/**', '**/gitops/cli/**'], message: 'The renderer talks to the host only through the IPC client.' }] }],
    },
  },
);
