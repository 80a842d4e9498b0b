import {configDefaults, defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		projects: [
			{
				test: {
					name: 'unit',
					include: ['test/**/*.test.ts'],
					exclude: [...configDefaults.exclude, 'test/browser/**'],
					testTimeout: 30_000,
					hookTimeout: 30_000,
				},
			},
			{
				test: {
					name: 'browser',
					include: ['test/browser/**/*.test.ts'],
					testTimeout: 60_000,
					hookTimeout: 60_000,
					// Each file launches its own Chromium; one at a time keeps CI machines from thrashing.
					fileParallelism: false,
				},
			},
		],
	},
});
