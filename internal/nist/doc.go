// Package nist writes one corte of the PREP as a NIST SP 1500-100 version 2 Election Results
// Reporting (ERR) ElectionReport, in the standard's JSON form (the schema is in testdata,
// with its source). It reads the tallies the corte publisher already has (corte.Resultados)
// and touches no storage.
//
// # The report
//
// One ElectionReport per corte holds one Election per election of the corte (Gubernatura,
// Diputaciones Locales, Ayuntamientos), with Format "precinct-level". Its Status is:
//
//	pre-election         corte 0, the puesta en ceros, before any acta is captured
//	unofficial-partial   every other corte before the last one
//	unofficial-complete  the final corte
//
// PREP results are preliminary and never official (the cómputos are), so no report is
// "certified". A simulacro sets IsTest, TestType "simulacro", starts Notes with
// "SIMULACRO" and ends every Election name with " - SIMULACRO", so that no part of the
// report can pass for live results. The report's ExternalIdentifiers give the proceso, the
// corte number and the time of the cut.
//
// # Units
//
// The elections share one set of GpUnits (ReportingUnit), from the entidad down to the
// casilla, linked downwards by ComposingGpUnitIds. Ids are derived from the published keys,
// so they are stable across cortes:
//
//	gpu-ent-21                    the entidad (state)
//	gpu-dist-001                  a distrito local (state-house); gpu-distfed-01 federal
//	gpu-mun-114                   a municipio (municipality)
//	gpu-sec-0001                  a sección (precinct), under its distrito and municipio
//	gpu-va-dist-001, gpu-va-mun-025
//	                              the voto anticipado of an election unit (other)
//	gpu-vppp-dist-001             the voto en prisión preventiva of a unit (other)
//	gpu-vmre-21                   the voto desde el extranjero (other), under the entidad
//	gpu-cas-211252C1000           a casilla (polling-place): its CLAVE_CASILLA with the real
//	                              number (contigua 10 here); voto anticipado and prisión
//	                              preventiva casillas add their unit: -dist-001
//
// The Gubernatura is grouped by the same distritos locales as the Diputaciones, so both
// elections count in the same distrito units. The lista nominal of a casilla is its
// VotersRegistered, as the first election that has the casilla publishes it.
//
// # Parties, coalitions and candidates
//
// Every party vote column is a Party. Every set of parties that nominates one candidacy in
// some contest is a Coalition (its ContestIds list where): the files do not tell a
// coalición from a candidatura común, nor give their names, so a coalition is named by its
// parties ("PAN-PRI-PRD-PSI"). Every candidacy is a Candidate named by its propietaria, with
// its party or coalition as PartyId, none for an independent.
//
// # Contests and selections
//
// The Gubernatura is one CandidateContest in the entidad; Diputaciones one per distrito,
// Ayuntamientos one per municipio. Each vote column of the acta that runs in the contest is
// one CandidateSelection, in column order (SequenceOrder), as the acta records votes:
//
//	party column (PAN)            the party's candidate, EndorsementPartyIds [PAN]
//	combination (C_PAN_PRI)       the coalition's candidate, EndorsementPartyIds [PAN, PRI]
//	independent (CAND_IND_1)      the candidate, no party
//	NO_REGISTRADAS                IsWriteIn, no candidate
//	NULOS                         no selection: see below
//
// A candidacy's votes are the sum of the selections that name its candidate, as the PREP
// adds them up (RULES.md §5).
//
// # Counts
//
// Every count is of CountItemType "total": the PREP counts every ballot of a casilla on one
// acta. Votos nulos have no CountItemType, nor a place among the selections: a
// CandidateSelection has no name, so a nulos selection would read as an anonymous candidate
// and be added to the valid votes; and OtherCounts only knows overvotes and undervotes,
// while a voto nulo is either a ballot with no box marked or one marked for parties that
// share no candidacy (LGIPE art. 288), which the acta adds up in one figure. So each
// Election's BallotCounts give, per unit, BallotsCast of Type "total", every ballot counted
// (the sum of every vote column: TOTAL_VOTOS_C_CS at the entidad), and BallotsCast of Type
// "other", OtherType "votos-nulos" (OtherTypeNulos), the votos nulos. The selections of a
// contest plus its votos nulos add up to its ballots.
//
// Only counted actas (CONTABILIZADA 1) add votes, as in the corte's tallies. A contest is
// counted at its own unit, at every unit that lies wholly in it (distritos, municipios,
// secciones and pseudo-secciones) and at every casilla with a counted acta; a casilla with
// none has no count, which tells "not counted yet" from zero. The casillas of a contest add
// up to the contest, and the contests of an election to the entidad's tally. A contest's
// TotalSubUnits are its actas esperadas and SubUnitsReported its actas contabilizadas, the
// PREP's measure of progress; its CountStatus is completed at the final corte.
//
// # Known limits
//
// Party names are the column names: the files carry no other. Suplentes are not exported,
// since the standard has no place for them. The Diputaciones contests count the actas of
// representación proporcional of casillas especiales with those of mayoría relativa, as the
// PREP's distrito totals do. Voto anticipado and extranjero are units of their own, not
// counts of type early or uocava. The final Puebla 2024 corte gives a report of about
// 128 MB (5.5 MB gzipped): a million counts, most at casillas.
package nist
