// The GenAI semantic conventions are still incubating: their names are copied here rather than
// imported from '@opentelemetry/semantic-conventions/incubating', as that package advises, so a
// rename upstream cannot change this service's telemetry unnoticed.
/** gen_ai.provider.name: the provider that served the completion. */
export const ATTR_PROVIDER_NAME = 'gen_ai.provider.name';
/** gen_ai.response.model: the model that produced the answer. */
export const ATTR_PROVIDER_MODEL = 'gen_ai.response.model';
/** Whether the answer was replaced by an injected fault: the simulator's own, not a convention. */
export const ATTR_PROVIDER_FAULT = 'provider_sim.fault_injected';
export const ATTR_USAGE_PROMPT = 'gen_ai.usage.input_tokens';
export const ATTR_USAGE_COMPLETION = 'gen_ai.usage.output_tokens';
