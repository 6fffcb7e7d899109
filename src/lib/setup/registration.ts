import { container } from '@sapphire/framework';
import { DiscordAPIError, RESTEvents, RESTJSONErrorCodes } from 'discord.js';
import type { BotConfig } from '#lib/config/schema';
import { findRole, resolveRoles } from '#lib/discord/roles';
import { PretixClient, pretixEventUrl } from '#lib/pretix/PretixClient';
import { TicketSnapshotRepository } from '#lib/pretix/TicketSnapshotRepository';
import { TicketSync, type SyncReport } from '#lib/pretix/TicketSync';
import { AttemptLimiter } from '#lib/registration/AttemptLimiter';
import { ClaimLedger } from '#lib/registration/ClaimLedger';
import { memberApplier } from '#lib/registration/applyToMember';
import { RegistrationDesk } from '#lib/registration/RegistrationDesk';
import { grantLaneOf, type GrantLane } from '#lib/registration/GrantPace';
import { RoleGrants, type AccessLane } from '#lib/registration/RoleGrants';
import { RoleQueue } from '#lib/registration/RoleQueue';
import { OrganizerRegistrations } from '#lib/registration/OrganizerRegistrations';
import { RegistrationHelpDesk } from '#lib/registration/RegistrationHelpDesk';
import { RegistrationFlow, type TicketFinder } from '#lib/registration/RegistrationFlow';
import { RoleMapping } from '#lib/registration/RoleMapping';
import { ticketTypeLabel, type Ticket } from '#lib/registration/Ticket';
import { TicketIndex } from '#lib/registration/TicketIndex';
import { observePretixSync } from './http';
import { errorText } from '#lib/errorText';

/** The registration services: ticket index and its pretix sync, the claim ledger, the attempt limiter, the flow. */
export function installRegistration(config: BotConfig): void {
	const { db, now } = container;
	container.ledger = new ClaimLedger(db);
	container.attempts = new AttemptLimiter(db, {
		maxFailures: config.registration.max_failed_attempts,
		windowMinutes: config.registration.failed_attempts_window_minutes,
		retentionDays: config.registration.attempt_log_retention_days
	});
	container.roleMapping = new RoleMapping(config.registration.roles);
	container.tickets = new TicketIndex();
	const pretix = { baseUrl: pretixEventUrl(config.pretix.base_url, config.pretix.organizer, config.pretix.event), token: config.secrets.pretixToken ?? '', now };
	container.ticketSync = new TicketSync({
		source: new PretixClient({ ...pretix, timeoutMs: config.pretix.timeout_seconds * 1000 }),
		// A member is waiting on a lookup: fail within seconds (they are told to retry) rather than after every backoff.
		lookupSource: new PretixClient({ ...pretix, timeoutMs: Math.min(config.pretix.timeout_seconds, 5) * 1000, retries: 2, maxRetryAfterMs: 3000 }),
		index: container.tickets,
		snapshots: new TicketSnapshotRepository(db),
		roleMapping: container.roleMapping,
		fullSyncIntervalMs: config.pretix.full_resync_hours * 3_600_000,
		now,
		onReport: (report) => logSyncReport(report)
	});
	const finder: TicketFinder = {
		lookupOrFetch: (order, name) => container.ticketSync.lookupOrFetch(order, name),
		hasOrder: (code) => container.tickets.hasOrder(code),
		explainMiss: (order, name) => container.tickets.explainMiss(order, name)
	};
	const rolesFor = (tickets: readonly Ticket[]) => resolveRoles(container.guild, container.roleMapping.rolesFor(tickets));
	container.roleQueue = new RoleQueue(db);
	container.roleGrants = new RoleGrants({
		queue: container.roleQueue,
		ledger: container.ledger,
		memberOf: (userId, auditReason) => memberApplier(container.guild!, userId, auditReason),
		onDone: async (result, reply, interrupted) => {
			if (result.kind === 'granted') container.memberRoles.registered(result.job.userId);
			await container.registrationDesk.grantDone(result, reply, interrupted);
		},
		onError: (error) => container.logger.warn(`Roles not given yet, will retry: ${errorText(error)}`),
		now,
		bucketResetAt: (lane) => container.kv.get<number>(bucketResetKey(lane)),
		memberRoles: container.memberRoles,
		...(config.registration.access_role ? { access: accessLane(config.registration.access_role) } : {})
	});
	// The buckets' headers tell the pace Discord allows right now (members are told their wait from it) and when the
	// window ends, remembered so that a restarted process does not ask into a window its predecessor spent.
	container.client.rest.on(RESTEvents.Response, (request, response) => {
		const lane = grantLaneOf(request.method, request.route);
		if (!lane) return;
		const [limit, resetAfter] = [Number(response.headers.get('x-ratelimit-limit')), Number(response.headers.get('x-ratelimit-reset-after'))];
		container.roleGrants.paceOf(lane).observeBucket(limit, resetAfter);
		if (resetAfter > 0) container.kv.set(bucketResetKey(lane), Date.now() + resetAfter * 1000);
	});
	container.registration = new RegistrationFlow({
		finder,
		ledger: container.ledger,
		limiter: container.attempts,
		rolesFor,
		queue: container.roleQueue,
		onQueued: () => container.roleGrants.wake(),
		now
	});
	container.organizerRegistrations = new OrganizerRegistrations({ finder, ledger: container.ledger, memberRoles: container.memberRoles, now });
	container.registrationHelpDesk = new RegistrationHelpDesk();
	container.registrationDesk = new RegistrationDesk();
}

const bucketResetKey = (lane: GrantLane) => `registration.bucket-reset.${lane}`;

/** The access role through `PUT /guilds/{g}/members/{u}/roles/{r}`: a bucket of its own beside the member PATCH. */
function accessLane(ref: string): AccessLane {
	return {
		roleId: () => (container.guild ? (findRole(container.guild, ref)?.id ?? null) : null),
		give: async (userId, roleId, reason) => {
			try {
				await container.guild!.members.addRole({ user: userId, role: roleId, reason });
				return 'given';
			} catch (error) {
				const refused = [RESTJSONErrorCodes.UnknownMember, RESTJSONErrorCodes.MissingPermissions, RESTJSONErrorCodes.UnknownRole];
				if (error instanceof DiscordAPIError && refused.includes(error.code as RESTJSONErrorCodes)) return 'not-given';
				throw error;
			}
		},
		onAccess: (job, reply) => container.registrationDesk.accessGiven(job, reply)
	};
}

function logSyncReport(report: SyncReport): void {
	container.lastPretixSync = report;
	observePretixSync(report);
	const skipped = report.skipped.length ? `, ${report.skipped.length} skipped` : '';
	container.logger.info(`pretix ${report.kind} sync: ${report.orders} orders, ${report.positions} tickets indexed in ${report.durationMs} ms${skipped}`);
	for (const item of report.unmapped) container.logger.warn(`pretix ticket type with no role mapping: ${ticketTypeLabel(item)}`);
}
