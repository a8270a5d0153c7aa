// Imported first by the document generators: the services they load log only warnings and errors,
// unless ONEDOOR_LOG says otherwise.
process.env.ONEDOOR_LOG ??= 'quiet';
