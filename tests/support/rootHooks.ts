// Mocha root hooks (loaded by .mocharc.json): checks that run over the whole test run.
import { assertNoSecrets } from '../security/secrets';
import { botRuns } from '../e2e/support/startBot';

export const mochaHooks = {
	afterAll(): void {
		// Every bot process of every test file, whatever it did: no token or secret may appear in what it printed.
		for (const run of botRuns) if (run.output()) assertNoSecrets(run.output(), run.secrets);
	}
};
