/**
 * The delivery path as the package ships it (dist/, built by `npm run build` once per process):
 * every in-process figure of the bench is for this code, the code n8n runs.
 */
import { requireShipped } from '../lib/n8n/install';

type ProcessDeliveryModule =
	typeof import('../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery');
type ParseModule = typeof import('../../nodes/WhatsAppBusinessAccountTrigger/delivery/parse');
type DedupKeysModule =
	typeof import('../../nodes/WhatsAppBusinessAccountTrigger/delivery/dedupKeys');
type OptionsModule = typeof import('../../nodes/WhatsAppBusinessAccountTrigger/delivery/options');
type ExactJsonModule =
	typeof import('../../nodes/WhatsAppBusinessAccountTrigger/delivery/exactJson');
type ValidatorsModule = typeof import('../../nodes/shared/generated/validators');
type TriggerModule =
	typeof import('../../nodes/WhatsAppBusinessAccountTrigger/WhatsAppBusinessAccountTrigger.node.js');

export const { processDelivery } = requireShipped<ProcessDeliveryModule>(
	'nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery.ts',
);
export const { readSignedBody } = requireShipped<ParseModule>(
	'nodes/WhatsAppBusinessAccountTrigger/delivery/parse.ts',
);
export const { changeDedupKey } = requireShipped<DedupKeysModule>(
	'nodes/WhatsAppBusinessAccountTrigger/delivery/dedupKeys.ts',
);
export const { DEFAULT_DELIVERY_OPTIONS } = requireShipped<OptionsModule>(
	'nodes/WhatsAppBusinessAccountTrigger/delivery/options.ts',
);
export const { keepDigits } = requireShipped<ExactJsonModule>(
	'nodes/WhatsAppBusinessAccountTrigger/delivery/exactJson.ts',
);
export const { validateDelivery } = requireShipped<ValidatorsModule>(
	'nodes/shared/generated/validators.js',
);
export const { WhatsAppBusinessAccountTrigger } = requireShipped<TriggerModule>(
	'nodes/WhatsAppBusinessAccountTrigger/WhatsAppBusinessAccountTrigger.node.ts',
);
