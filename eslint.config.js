// Flat config: typescript-eslint's recommended rules on every TypeScript file, and the boundaries
// between the parts: a service imports the shared library only through its index and never another
// service; the library imports no service and none of the tooling.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const OUTSIDE_A_SERVICE = {
  regex: '^(\\.\\./)+(instrumentation/(?!index\\.js$)|scripts/|tests/|bench/)',
  message: 'A service imports the shared library through instrumentation/index.js only, and no tooling.',
};
/** `up` levels of `../` lead from a service's file to services/: one more name is another service. */
const anotherService = (up) => ({
  regex: `^(\\.\\./){${up}}(?!\\.\\./)`,
  message: 'Services never import each other: share through instrumentation/ or an HTTP call.',
});
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tmp/**', '.node/**', '.tools/**', '.pipeline/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain Node scripts that run before the TypeScript build.
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  { files: ['services/*/*.ts'], rules: restrict(OUTSIDE_A_SERVICE, anotherService(1)) },
  { files: ['services/*/*/*.ts'], rules: restrict(OUTSIDE_A_SERVICE, anotherService(2)) },
  { files: ['services/*/*/*/*.ts'], rules: restrict(OUTSIDE_A_SERVICE, anotherService(3)) },
  {
    files: ['instrumentation/**/*.ts'],
    rules: restrict({
      regex: '^(\\.\\./)+(services|scripts|tests|bench)/',
      message: 'The shared library knows no service and none of the tooling.',
    }),
  },
);
