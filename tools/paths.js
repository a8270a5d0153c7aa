// Maps the @onedoor/* aliases of tsconfig.base.json for Jest.
const { compilerOptions } = require('../tsconfig.base.json');
const path = require('node:path');

exports.pathsToModuleNameMapper = () => {
  const map = {};
  for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
    map[`^${alias.replace('/', '\\/')}$`] = path.join(__dirname, '..', target);
  }
  return map;
};
