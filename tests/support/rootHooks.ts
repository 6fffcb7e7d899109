// Mocha root hooks (loaded by .mocharc.json): checks that run over the whole test run.
import { assertNoSecrets } from '../security/secrets';
import { botRuns } from '../e2e/support/startBot';

export const mochaHooks = {
	afterAll(): void {
		// Every bot process of every test file, whatever it did: no token or secret may appear in what it printed.
		for (const run of botRuns) if (run.output()) assertNoSecrets(run.output(), run.secrets);
		// Mocha runs without --exit, so a test that leaves a server, socket or timer open keeps the run from ending.
		// USHER_OPEN_HANDLES=1 names them: printed only if something still holds the process half a second later.
		if (process.env.USHER_OPEN_HANDLES) {
			const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles();
			setTimeout(() => console.error(`open handles after the run: ${handles.map((handle) => describeHandle(handle)).join(', ') || 'none'}`), 500).unref();
		}
	}
};

function describeHandle(handle: object): string {
	const name = handle.constructor?.name ?? 'unknown';
	const socket = handle as { localPort?: number; remotePort?: number; address?: () => unknown };
	if (name === 'Socket' && socket.remotePort) return `Socket → ${socket.remotePort}`;
	if (name === 'Server' && socket.address) return `Server ${JSON.stringify(socket.address())}`;
	return name;
}
