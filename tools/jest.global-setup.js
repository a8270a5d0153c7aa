// Jest global setup for the int and e2e tiers: real PostgreSQL (fresh database) and real Kafka.
require('./register');
require('./jest.locale'); // inherited by the workers and the processes they start
const { prepareInfrastructure } = require('../libs/testing/src/infrastructure');
module.exports = async () => {
  await prepareInfrastructure();
};
