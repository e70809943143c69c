import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'docs/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Property tests go through test/helpers/property-runs.ts: seed printed, FC_SEED/FC_PATH replay.
    files: ['test/**/*.ts'],
    ignores: ['test/helpers/property-runs.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'fc',
          property: 'assert',
          message: 'Use assertProperty from test/helpers/property-runs.ts.',
        },
        {
          object: 'fc',
          property: 'check',
          message: 'Use assertProperty from test/helpers/property-runs.ts.',
        },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: only the workflow SDK and types.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!@temporalio/workflow$|\\.{1,2}/)',
              message: 'Workflow code imports only @temporalio/workflow and types.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
