/**
 * @onedoor/policy: every money figure and day count of the rules as data of a jurisdiction and a
 * validity period, the programme catalogue (who each programme is for, how its amount is set), plus the division-code and working-day helpers the deciders need. Pure: no I/O.
 */
export * from './dates';
export * from './calendar';
export * from './jurisdiction';
export * from './parameter-set';
export * from './parameter-file';
export * from './defaults';
export * from './registry';
export * from './programme';
export * from './programme-facts';
export * from './programme-amount';
export * from './qualify';
export * from './programme-file';
export * from './programme-defaults';
export * from './catalogue-registry';
export * from './events';
export * from './rule-violation';
