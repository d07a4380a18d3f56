import { readBoolean, readInt, readOptionalString, readString } from '../config/env.js';

/** What the bootstrap reads from the standard OTEL_* variables before any app code runs. */
export interface TelemetrySettings {
  serviceName: string;
  sdkDisabled: boolean;
  /** Set when OTEL_TRACES_SAMPLER is given: the standard variables then decide sampling, not the service. */
  samplerFromEnv: boolean;
  attributeValueLengthLimit: number;
  maxQueueSize: number;
  deploymentEnvironment: string;
}

const DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT = 4096;
const DEFAULT_BSP_MAX_QUEUE_SIZE = 2048;

export function readTelemetrySettings(env: NodeJS.ProcessEnv): TelemetrySettings {
  return {
    serviceName: readString(env, 'OTEL_SERVICE_NAME'),
    sdkDisabled: readBoolean(env, 'OTEL_SDK_DISABLED', false),
    samplerFromEnv: readOptionalString(env, 'OTEL_TRACES_SAMPLER') !== undefined,
    attributeValueLengthLimit: readInt(
      env,
      'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT',
      DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT,
      { min: 1 },
    ),
    maxQueueSize: readInt(env, 'OTEL_BSP_MAX_QUEUE_SIZE', DEFAULT_BSP_MAX_QUEUE_SIZE, { min: 1 }),
    deploymentEnvironment: readString(env, 'DEPLOYMENT_ENVIRONMENT', env.NODE_ENV ?? 'development'),
  };
}
