"""The report's words for reviewed evidence, code suggestions and the coders' directions (issue 13), in
English, Finnish and Swedish; :mod:`review_tools.report.i18n` adds them to each language's catalogue.

Kept apart from ``text_<lang>.py`` (near the module size limit); the keys are those of the shared catalogue.
"""

EVIDENCE_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "suggestions": 'Code suggestions (proposals, not evidence)',
        "evidence_basis": 'The counts are units that coders coded or confirmed ({n} codings). {m} code suggestions that no coder has confirmed are not counted; they are listed in the appendix on code suggestions.',
        "evidence_basis_opt_in": 'This review counts unconfirmed code suggestions as evidence (a protocol setting): this figure and table include {m} suggested codings beside {n} codings made or confirmed by coders.',
        "opt_in_short": "Includes code suggestions no coder has confirmed (the review's protocol counts them).",
        "direction_streams": 'Streams with a direction',
        "direction_from": 'Convergence from the streams that carry a direction: {streams}.',
        "no_direction_streams": 'No stream carries a direction.',
        "coding_basis": 'What each included study was coded on',
        "coding_basis_intro": 'Included studies are coded on their full text where the corpus holds it, otherwise on title and abstract.',
        "coded_on": 'Coded on',
        "reviewed_codes": 'Codes confirmed by coders',
        "suggested_codes_col": 'Suggested codes (not counted)',
        "suggestions_intro": 'Codes proposed by the keyword lexicon or the model that no coder has confirmed. They are proposals for the coders and are not counted as evidence anywhere in this report.',
        "suggestions_intro_opt_in": "Codes proposed by the keyword lexicon or the model that no coder has confirmed. This review's protocol counts them as evidence, so they are included in the findings, and the findings say so.",
        "stream": 'Stream',
        "score": 'Score',
        "reason": 'Reason',
        "no_unconfirmed": 'Every suggestion has been confirmed or rejected by a coder.',
        "lim_single": 'Themes whose direction rests on a single stream: {items}.',
        "suggestion_totals": '{n} unconfirmed suggestions: {items}.',
        "rule_text": (
            "Each unit of evidence (an included study, an interview segment, a social report of the region, an "
            "indicator of the region) counts for its theme and the theme's parents. Only codings a coder made or "
            "confirmed count; keyword and model suggestions are proposals, listed in the appendix. Social reports "
            "point to a worse situation when they report a problem and to a better one when they report a good "
            "practice, unless a coder marked them otherwise; indicators carry their computed signal. Studies and "
            "interview segments carry the direction their coders marked (a problem or a worsening points worse, a "
            "strength or an improvement better); unmarked ones show where evidence exists but carry no direction. "
            "A stream leans worse or better by majority (a tie is mixed). Convergence, over the streams that carry "
            "a direction: no stream = no evidence; evidence but no direction = no direction; one stream with a "
            "direction = single stream; streams leaning both ways = conflict; at least two streams leaning the same "
            "way with none mixed = agree; otherwise partly. Where the evidence on a theme leans worse in enough "
            "streams and the team has no recommendation, a DRAFT is proposed for the team."
        ),
    },
    "fi": {
        "suggestions": 'Koodiehdotukset (ehdotuksia, ei näyttöä)',
        "evidence_basis": 'Luvut ovat koodaajien koodaamia tai vahvistamia yksiköitä ({n} koodausta). {m} koodiehdotusta, joita kukaan koodaaja ei ole vahvistanut, ei lasketa; ne luetellaan koodiehdotusten liitteessä.',
        "evidence_basis_opt_in": 'Tässä katsauksessa vahvistamattomat koodiehdotukset lasketaan näytöksi (protokollan asetus): kuva ja taulukko sisältävät {m} ehdotettua koodausta {n} koodaajien tekemän tai vahvistaman koodauksen lisäksi.',
        "opt_in_short": 'Sisältää koodiehdotuksia, joita kukaan koodaaja ei ole vahvistanut (katsauksen protokolla laskee ne).',
        "direction_streams": 'Aineistot, joilla on suunta',
        "direction_from": 'Yhtenevyys aineistoista, joilla on suunta: {streams}.',
        "no_direction_streams": 'Yhdelläkään aineistolla ei ole suuntaa.',
        "coding_basis": 'Mistä tekstistä kukin mukaan otettu tutkimus koodattiin',
        "coding_basis_intro": 'Mukaan otetut tutkimukset koodataan kokotekstistä, jos se on aineistossa, muuten otsikosta ja tiivistelmästä.',
        "coded_on": 'Koodattu',
        "reviewed_codes": 'Koodaajien vahvistamat koodit',
        "suggested_codes_col": 'Ehdotetut koodit (ei laskettu)',
        "suggestions_intro": 'Sanaston tai mallin ehdottamat koodit, joita kukaan koodaaja ei ole vahvistanut. Ne ovat ehdotuksia koodaajille, eikä niitä lasketa näytöksi missään tämän raportin kohdassa.',
        "suggestions_intro_opt_in": 'Sanaston tai mallin ehdottamat koodit, joita kukaan koodaaja ei ole vahvistanut. Tämän katsauksen protokolla laskee ne näytöksi, joten ne sisältyvät tuloksiin, ja tulokset kertovat sen.',
        "stream": 'Aineisto',
        "score": 'Pisteet',
        "reason": 'Peruste',
        "no_unconfirmed": 'Koodaaja on vahvistanut tai hylännyt jokaisen ehdotuksen.',
        "lim_single": 'Teemat, joiden suunta perustuu yhteen aineistoon: {items}.',
        "suggestion_totals": '{n} vahvistamatonta ehdotusta: {items}.',
        "rule_text": (
            "Jokainen näyttöyksikkö (mukaan otettu tutkimus, haastattelujakso, alueen sosiaalinen raportti, "
            "alueen indikaattori) lasketaan teemalleen ja sen yläteemoille. Vain koodaajan tekemät tai vahvistamat "
            "koodaukset lasketaan; sanasto- ja mallipohjaiset ehdotukset ovat ehdotuksia, jotka luetellaan liitteessä. "
            "Sosiaalinen raportti osoittaa heikompaan suuntaan, kun se kertoo epäkohdasta, ja parempaan, kun se kertoo "
            "hyvästä käytännöstä, ellei koodaaja ole merkinnyt toisin; indikaattoreilla on laskettu signaalinsa. "
            "Tutkimuksilla ja haastattelujaksoilla on koodaajan merkitsemä suunta (epäkohta tai heikkeneminen "
            "osoittaa heikompaan, vahvuus tai paraneminen parempaan); merkitsemättömät osoittavat, missä näyttöä on, "
            "mutta eivät suuntaa. Aineiston suunta ratkeaa enemmistöllä (tasapeli = vaihteleva). Yhtenevyys niistä "
            "aineistoista, joilla on suunta: ei aineistoa = ei näyttöä; näyttöä mutta ei suuntaa = ei suuntaa; yksi "
            "aineisto, jolla on suunta = yksi aineisto; aineistot eri suuntiin = ristiriitainen; vähintään kaksi "
            "samaan suuntaan eikä yhtään vaihtelevaa = yhtenevä; muuten osittain. Kun teeman näyttö osoittaa "
            "heikompaan riittävän monessa aineistossa eikä tiimillä ole suositusta, synteesi ehdottaa LUONNOKSEN "
            "tiimille."
        ),
    },
    "sv": {
        "suggestions": 'Kodförslag (förslag, inte evidens)',
        "evidence_basis": 'Antalen är enheter som kodare har kodat eller bekräftat ({n} kodningar). {m} kodförslag som ingen kodare har bekräftat räknas inte; de listas i bilagan om kodförslag.',
        "evidence_basis_opt_in": 'I den här översikten räknas obekräftade kodförslag som evidens (en inställning i protokollet): figuren och tabellen innehåller {m} föreslagna kodningar utöver {n} kodningar som kodare gjort eller bekräftat.',
        "opt_in_short": 'Innehåller kodförslag som ingen kodare har bekräftat (översiktens protokoll räknar dem).',
        "direction_streams": 'Material med riktning',
        "direction_from": 'Samstämmighet bland de material som har en riktning: {streams}.',
        "no_direction_streams": 'Inget material har någon riktning.',
        "coding_basis": 'Vilken text varje inkluderad studie kodades utifrån',
        "coding_basis_intro": 'Inkluderade studier kodas utifrån fulltexten när den finns i materialet, annars utifrån titel och sammanfattning.',
        "coded_on": 'Kodad utifrån',
        "reviewed_codes": 'Koder som kodare bekräftat',
        "suggested_codes_col": 'Föreslagna koder (räknas inte)',
        "suggestions_intro": 'Koder som ordlistan eller modellen föreslagit och som ingen kodare har bekräftat. De är förslag till kodarna och räknas inte som evidens någonstans i rapporten.',
        "suggestions_intro_opt_in": 'Koder som ordlistan eller modellen föreslagit och som ingen kodare har bekräftat. Översiktens protokoll räknar dem som evidens, så de ingår i resultaten, och resultaten säger det.',
        "stream": 'Material',
        "score": 'Poäng',
        "reason": 'Grund',
        "no_unconfirmed": 'Varje förslag har bekräftats eller avvisats av en kodare.',
        "lim_single": 'Teman vars riktning vilar på ett enda material: {items}.',
        "suggestion_totals": '{n} obekräftade förslag: {items}.',
        "rule_text": (
            "Varje evidensenhet (en inkluderad studie, ett intervjuavsnitt, en social rapport från området, en "
            "indikator för området) räknas för sitt tema och temats övre teman. Endast kodningar som en kodare "
            "gjort eller bekräftat räknas; förslag från ordlistan eller modellen är förslag och listas i bilagan. "
            "En social rapport pekar mot ett sämre läge när den rapporterar ett missförhållande och mot ett bättre "
            "när den rapporterar god praxis, om inte en kodare markerat något annat; indikatorerna har sin "
            "beräknade signal. Studier och intervjuavsnitt har den riktning som kodarna markerat (ett problem eller "
            "en försämring pekar mot sämre, en styrka eller en förbättring mot bättre); omarkerade visar var det "
            "finns evidens men har ingen riktning. Ett material lutar åt sämre eller bättre enligt majoriteten "
            "(lika = varierande). Samstämmighet, bland de material som har en riktning: inget material = ingen "
            "evidens; evidens men ingen riktning = ingen riktning; ett material med riktning = ett material; "
            "material åt olika håll = motstridig; minst två material åt samma håll och inget varierande = "
            "samstämmig; annars delvis. Där evidensen för ett tema lutar åt sämre i tillräckligt många material "
            "och gruppen saknar rekommendation föreslås ett UTKAST åt gruppen."
        ),
    },
}
