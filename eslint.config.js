import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
  // The mini-app's own scripts run in the browser (plain scripts, ES2018, no build step).
  {
    files: ['miniapp/public/**/*.js'],
    languageOptions: { sourceType: 'script', ecmaVersion: 2018, globals: { ...globals.browser } },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { caughtErrors: 'none' }] },
  },
  { files: ['miniapp/zalo/src/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
);
