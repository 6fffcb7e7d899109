import { container } from '@sapphire/framework';
import { formatStartupSteps, runStartupSteps } from '#lib/lifecycle/startupSteps';

/** Brings registration up at guild ready; each step is guarded on its own, so one failure never skips the others. */
export async function startRegistration(): Promise<void> {
	const { ticketSync, registrationDesk, roleQueue, roleGrants, shutdown, logger } = container;
	// Claims older than this start were made by a previous run; any without roles were cut short by a crash.
	const startedAt = container.now();
	// Registered first: even when posting the form fails now, shutdown still tries to leave the offline notice.
	shutdown.add('registration offline notice', () => registrationDesk.showForm(false));
	// The grant in flight finishes; whoever is still in line waits in SQLite for the next start.
	shutdown.add('role queue', () => roleGrants.stop());
	const results = await runStartupSteps([
		// Serve lookups from the last snapshot first, so the form works even when pretix is down right now.
		{ name: 'ticket snapshot', run: () => (ticketSync.restore() ? `${container.tickets.size} tickets` : 'none yet') },
		{ name: 'form', run: () => registrationDesk.showForm(true).then(() => 'posted') },
		{ name: 'interrupted registrations', run: () => registrationDesk.repairInterrupted(startedAt).then((count) => (count ? `${count} finished or released` : 'none')) },
		{
			name: 'role queue',
			run: () => {
				roleGrants.start();
				return roleQueue.depth ? `${roleQueue.depth} members waiting, carried on` : 'empty';
			}
		},
		{
			name: 'first pretix sync',
			run: () => ticketSync.sync().then((report) => `${report.positions} tickets`),
			fallback: () => `serving ${container.tickets.size} tickets from the snapshot`
		}
	]);
	const report = formatStartupSteps('Registration', results);
	if (results.every((result) => result.ok)) logger.info(report);
	else logger.warn(report);
}
