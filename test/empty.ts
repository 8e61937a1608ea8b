// Stands in for `server-only` outside Next's server bundle (tests and scripts run on the server).
export {};
