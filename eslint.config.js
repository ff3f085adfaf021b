import tseslint from 'typescript-eslint';

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// workflows/ holds pure machines: the listed packages and the folder's own files, nothing else.
// Bare names and relative paths are checked apart, so each bad import is reported once.
const workflowsStayPure = (allowed) => [
  'error',
  {
    patterns: [
      {
        regex: `^(?!(?:${allowed.map(escapeRegExp).join('|')})$)(?!\\.\\.?/)`,
        caseSensitive: true,
        message: `workflows/ imports only ${allowed.join(', ')} and its own files (./…).`,
      },
      { regex: '(?:^|/)\\.\\.(?:/|$)', caseSensitive: true, message: 'workflows/ never imports from outside its folder (no ../).' },
    ],
  },
];

export default tseslint.config(
  // web/ is type-checked by its own vue-tsc build (npm run build:web).
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', '*.config.js', 'web/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': workflowsStayPure(['xstate']),
      // no-restricted-imports does not see import(); a pure machine loads nothing at run time.
      'no-restricted-syntax': ['error', { selector: 'ImportExpression', message: 'workflows/ loads nothing at run time: no import().' }],
    },
  },
  {
    files: ['workflows/**/*.spec.ts'],
    rules: { 'no-restricted-imports': workflowsStayPure(['xstate', 'xstate/graph', '@jest/globals']) },
  },
  {
    // A module owns its tables; others reach them through its exported service or read port.
    files: ['src/**/*.ts'],
    ignores: ['src/database/migrations/**'],
    rules: {
      // Short methods: a plan, a store call, a mapping; migrations are schema data and exempt.
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // A relative path that climbs out of the importing folder into another one, ending in a repository.
              regex: '^(?:\\.\\./)+(?:[^/]+/)+[^/]+\\.repository\\.js$',
              caseSensitive: true,
              message: "import the owning module's exported service or read port, never its repository",
            },
          ],
        },
      ],
    },
  },
);
