// ESLint over our own code (server/, rules/, bench/, scripts/, test/, bin/):
// ESLint's and typescript-eslint's recommended rules. `npm test` runs it
// before the tests; `npx eslint .` shows the same.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // editors/vscode/dist and server: the extension's bundle and the staged server (scripts/build-vsix.js).
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'fixtures/', 'examples/', 'test/schemas/', 'editors/vscode/dist/', 'editors/vscode/server/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        // Node's globals (the code runs on Node only).
        process: 'readonly', Buffer: 'readonly', __dirname: 'readonly', __filename: 'readonly', require: 'readonly', module: 'writable', exports: 'writable',
        console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', clearImmediate: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
        performance: 'readonly', URL: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', queueMicrotask: 'readonly', structuredClone: 'readonly', AbortController: 'readonly',
        NodeJS: 'readonly',
      },
    },
  },
  {
    rules: {
      // `_name` marks what is there on purpose: a destructured field left out, a parameter a signature needs.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
