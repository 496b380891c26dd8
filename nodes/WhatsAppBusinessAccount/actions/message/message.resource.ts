import type { Resource } from '../operation';
import * as markAsRead from './markAsRead.operation';
import * as sendAndWait from './sendAndWait.operation';
import * as sendCarousel from './sendCarousel.operation';
import * as sendCatalog from './sendCatalog.operation';
import * as sendCallPermissionRequest from './sendCallPermissionRequest.operation';
import * as sendContactInfoRequest from './sendContactInfoRequest.operation';
import * as sendContacts from './sendContacts.operation';
import * as sendInteractive from './sendInteractive.operation';
import * as sendLocation from './sendLocation.operation';
import * as sendMedia from './sendMedia.operation';
import * as sendProduct from './sendProduct.operation';
import * as sendProductCarousel from './sendProductCarousel.operation';
import * as sendProductList from './sendProductList.operation';
import * as sendReaction from './sendReaction.operation';
import * as sendTemplate from './sendTemplate.operation';
import * as sendText from './sendText.operation';

export const message: Resource = {
	option: { name: 'Message', value: 'message' },
	defaultOperation: 'sendText',
	operations: [
		sendText,
		sendMedia,
		sendInteractive,
		sendCarousel,
		sendLocation,
		sendContacts,
		sendReaction,
		// from the catalog connected to the WhatsApp Business Account
		sendProduct,
		sendProductList,
		sendProductCarousel,
		sendCatalog,
		sendCallPermissionRequest,
		sendContactInfoRequest,
		markAsRead,
		// every input item at once, at the pace set
		sendTemplate,
		// one question, then the execution waits for the answer (restart webhook: waiting/)
		sendAndWait,
	],
};
