import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** Who may not import whom: imports run bot/, miniapp/, scripts/ → services/ → models/. */
const layers = [
  { target: './models', from: ['./services', './bot', './miniapp', './scripts'] },
  { target: './services', from: ['./bot', './miniapp', './scripts'] },
  { target: './bot', from: ['./miniapp', './scripts'] },
  { target: './miniapp', from: ['./bot', './scripts'] },
].map((zone) => ({ ...zone, message: 'Imports run one way: bot/, miniapp/, scripts/ → services/ → models/.' }));

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'tools/',
      '.data/',
      'coverage/',
      'test-artifacts/',
      'miniapp/zalo/node_modules/',
      'miniapp/zalo/www/',
      'miniapp/zalo/dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['test/**', 'bench/**', 'scripts/**'], rules: { 'no-console': 'off' } },
  // The layers are checked on the resolved files: the TypeScript resolver maps the `.js`
  // specifiers NodeNext requires to the `.ts` files they name.
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layers }],
    },
  },
  // The mini-app's own scripts run in the browser (plain scripts, ES2018, no build step).
  {
    files: ['miniapp/public/**/*.js'],
    languageOptions: { sourceType: 'script', ecmaVersion: 2018, globals: { ...globals.browser } },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { caughtErrors: 'none' }] },
  },
  { files: ['miniapp/zalo/src/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
);
