/**
 * The delivery path as the package ships it (dist/, built by `npm run build` once per process):
 * every in-process figure of the bench is for this code, the code n8n runs.
 */
import { requireShipped } from '../lib/n8n/install';

type ProcessDeliveryModule = typeof import('../../nodes/shared/webhook/processDelivery');
type OptionsModule = typeof import('../../nodes/shared/webhook/options');
type ExactJsonModule = typeof import('../../nodes/shared/webhook/exactJson');
type ValidatorsModule = typeof import('../../nodes/shared/generated/validators');
type TriggerModule =
	typeof import('../../nodes/WhatsAppBusinessAccountTrigger/WhatsAppBusinessAccountTrigger.node.js');

export const { processDelivery, readSignedBody, changeDedupKey } =
	requireShipped<ProcessDeliveryModule>('nodes/shared/webhook/processDelivery.ts');
export const { DEFAULT_DELIVERY_OPTIONS } = requireShipped<OptionsModule>(
	'nodes/shared/webhook/options.ts',
);
export const { keepDigits } = requireShipped<ExactJsonModule>('nodes/shared/webhook/exactJson.ts');
export const { validateDelivery } = requireShipped<ValidatorsModule>(
	'nodes/shared/generated/validators.js',
);
export const { WhatsAppBusinessAccountTrigger } = requireShipped<TriggerModule>(
	'nodes/WhatsAppBusinessAccountTrigger/WhatsAppBusinessAccountTrigger.node.ts',
);
