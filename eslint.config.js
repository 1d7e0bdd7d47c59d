// One lint stack for the whole repo: typescript-eslint's type-checked recommended rules on every TS file,
// so a promise nobody awaits or a promise handed to a callback that ignores it is an error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', '.data', 'test-results', 'bench/results.json', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      'no-console': 'off',
      // Implementations of async interfaces (the SDK's OAuth provider, the AI SDK's language model) are async
      // without awaiting anything; the rule would have them return Promise.resolve by hand.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // Matchers such as expect.any() and expect.objectContaining() are typed any by vitest.
  { files: ['**/*.test.ts', '**/*.test.tsx'], rules: { '@typescript-eslint/no-unsafe-assignment': 'off' } },
  // The config files themselves are plain JS outside the TS project.
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
