// The debugger's type name, as launch configurations and package.json's `debuggers` name it.

/** The `type` of a Kafka Offset Trace launch configuration. */
export const offsetDebugType = 'kafka-offsets';
