// Placeholder until the command line lands (issue 4).
