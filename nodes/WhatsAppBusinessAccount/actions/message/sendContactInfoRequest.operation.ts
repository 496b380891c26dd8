import type { OperationOption } from '../operation';
import { TO_ANY_RECIPIENT } from './common';
import { textRequest } from './textRequest';

export const option: OperationOption = {
	name: 'Send Contact Info Request',
	value: 'sendContactInfoRequest',
	description: `Ask a customer to share their phone number with one tap (interactive request_contact_info, in the customer-service window) ${TO_ANY_RECIPIENT}`,
	action: 'Send contact info request',
};

const request = textRequest({
	operation: 'sendContactInfoRequest',
	interactiveType: 'request_contact_info',
	placeholder: 'e.g. Please share your phone number so we can call you back',
	hint: 'Why you want their number, up to 1024 characters; WhatsApp adds its own Share contact info button under it. The answer arrives on the trigger as a contacts item with origin contact_request.',
});

export const description = request.description;
export const execute = request.execute;
