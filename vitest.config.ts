import { defineConfig } from 'vitest/config';

// Four projects so a developer can run the fast layer alone (`npm run test:unit`) while CI runs everything.
const jsonOutput = process.env.VITEST_JSON_OUTPUT;

export default defineConfig({
  test: {
    // CI reads the pass/fail counts from the JSON reporter, not from the console summary.
    ...(jsonOutput ? { reporters: ['default', 'json'], outputFile: { json: jsonOutput } } : {}),
    setupFiles: ['test/setup.ts'],
    projects: [
      // Timeouts guard against a hang, never measure speed: 10,000-profile property tests need room on a busy machine.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // A guard against a hang, not a speed check: Amazon's DynamoDB Local (Java) on a busy machine needs the room.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
      },
      {
        extends: true,
        test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
      },
    ],
  },
});
