// IANA → Windows time zone names, for the Windows unattend file. A region whose time zone is
// missing here fails validation (rule "windows-time-zone") rather than at synth.
export const WINDOWS_TIME_ZONES: Readonly<Record<string, string>> = {
  "Europe/Amsterdam": "W. Europe Standard Time",
  "Europe/Brussels": "Romance Standard Time",
  "Europe/London": "GMT Standard Time",
  UTC: "UTC",
};
