import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import type { RegistrationState } from './context';

/** Test listening while a registration is live: refused, so that production keeps its deliveries. */
export function refuseTestListening(ctx: IHookFunctions, what: string): never {
	throw new NodeOperationError(
		ctx.getNode(),
		`Listening for a test event would redirect live deliveries: ${what}`,
		{
			description:
				'The test URL is not registered with Meta while a registration is live, so production keeps receiving. To try the workflow, send a delivery to the test URL yourself (npm run replay -- --url <test URL> --secret <app secret> <payload>), or pin data from a production execution.',
		},
	);
}

/**
 * Deactivation refused: Meta's state is left as it is, and the reason goes to n8n's log with
 * the node and workflow (n8n does not show deactivation errors in the editor). Returns false,
 * as n8n expects of a delete that did not delete; the saved state is kept, so that what is
 * live at Meta stays on record.
 */
export function refuseDeactivation(
	ctx: IHookFunctions,
	saved: RegistrationState,
	reason: string,
): false {
	const where = saved.phoneNumberId
		? `phone number ${saved.phoneNumberId}`
		: saved.wabaId
			? `WABA ${saved.wabaId}`
			: `app ${saved.appId ?? ''}`;
	const message = `WhatsApp Business Account Trigger "${ctx.getNode().name}": deactivation left Meta's registration of ${saved.callbackUrl} (${where}) untouched: ${reason}`;
	const fix = `Put back the credentials of app ${saved.appId ?? 'the registration'} and activate and deactivate the workflow again, or remove the registration in Meta's App Dashboard.`;
	ctx.logger.error(`${message}. ${fix}`, {
		workflowId: ctx.getWorkflow().id,
		node: ctx.getNode().name,
	});
	saved.deactivationRefused = `${message}. ${fix}`;
	return false;
}
