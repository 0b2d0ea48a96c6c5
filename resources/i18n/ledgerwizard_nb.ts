<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO" sourcelanguage="en">
<context>
    <name>AccountsPage</name>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="428"/>
        <source>Accounts</source>
        <translation>Kontoer</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="429"/>
        <source>Suggested from your chart of accounts. Change what your accountant wants differently; nothing may be blank.</source>
        <translation>Foreslått fra kontoplanen din. Endre det regnskapsføreren vil ha annerledes; ingenting kan stå blankt.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="431"/>
        <source>&amp;Store:</source>
        <translation>&amp;Butikk:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="432"/>
        <source>&amp;Copy accounts</source>
        <translation>&amp;Kopier kontoer</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="433"/>
        <source>In the cash register</source>
        <translation>I kassen</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="433"/>
        <source>Account in the ledger</source>
        <translation>Konto i regnskapet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="434"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="435"/>
        <source>Post c&amp;redit sales to receivables (off: they are invoiced in the ledger)</source>
        <translation>Før k&amp;redittsalg mot kundefordringer (av: de faktureres i regnskapet)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="436"/>
        <source>Transfer &amp;gift cards</source>
        <translation>Overfør &amp;gavekort</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="457"/>
        <source>from {store}</source>
        <translation>fra {store}</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="464"/>
        <source>Reading the chart of accounts…</source>
        <translation>Leser kontoplanen …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="525"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="525"/>
        <source>Suggested</source>
        <translation>Foreslått</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="538"/>
        <source>One line needs an account.</source>
        <translation>Én linje mangler konto.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="540"/>
        <source>{n} lines need an account.</source>
        <translation>{n} linjer mangler konto.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="542"/>
        <source>Every line has an account.</source>
        <translation>Alle linjer har konto.</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="808"/>
        <source>Done</source>
        <translation>Ferdig</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="809"/>
        <source>ledgerwizard is set up.</source>
        <translation>ledgerwizard er satt opp.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="810"/>
        <source>Start ledgerwizard when I log in (recommended)</source>
        <translation>Start ledgerwizard når jeg logger på (anbefalt)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="811"/>
        <source>Start &amp;now</source>
        <translation>Start &amp;nå</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="817"/>
        <source>on</source>
        <translation>på</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="817"/>
        <source>off – turn it on in the settings when you are ready</source>
        <translation>av – slå den på i innstillingene når du er klar</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="819"/>
        <source>&lt;p&gt;Sales from &lt;b&gt;{n}&lt;/b&gt; store(s) go to &lt;b&gt;{system}&lt;/b&gt;:&lt;/p&gt;&lt;ul&gt;{stores}&lt;/ul&gt;&lt;p&gt;Automatic sending: {auto}. Test transfer: {test}.&lt;/p&gt;&lt;p&gt;ledgerwizard runs in the notification area next to the clock. On Windows 11 new icons are hidden under the arrow (^): drag the ledgerwizard icon onto the taskbar to keep it visible.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Salget fra &lt;b&gt;{n}&lt;/b&gt; butikk(er) går til &lt;b&gt;{system}&lt;/b&gt;:&lt;/p&gt;&lt;ul&gt;{stores}&lt;/ul&gt;&lt;p&gt;Automatisk sending: {auto}. Testoverføring: {test}.&lt;/p&gt;&lt;p&gt;ledgerwizard kjører i varslingsområdet ved klokken. I Windows 11 skjules nye ikoner under pilen (^): dra ledgerwizard-ikonet ned på oppgavelinjen så det alltid vises.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="824"/>
        <source>sent</source>
        <translation>sendt</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="824"/>
        <source>not sent</source>
        <translation>ikke sendt</translation>
    </message>
</context>
<context>
    <name>KeysPage</name>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="291"/>
        <source>Key to the accounting system</source>
        <translation>Nøkkel til regnskapssystemet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="292"/>
        <source>Create a key in the accounting system and paste it here. It is kept in the operating system&apos;s key store (Windows Credential Manager), never in a file.</source>
        <translation>Lag en nøkkel i regnskapssystemet og lim den inn her. Den lagres i operativsystemets nøkkellager (Windows Legitimasjonsbehandling), aldri i en fil.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="297"/>
        <source>Company {name} ({org})</source>
        <translation>Selskap {name} ({org})</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="298"/>
        <source>&amp;Key:</source>
        <translation>&amp;Nøkkel:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="299"/>
        <source>Sho&amp;w</source>
        <translation>&amp;Vis</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="300"/>
        <source>&amp;Test connection</source>
        <translation>&amp;Test tilkoblingen</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="301"/>
        <source>Use the sandbox key</source>
        <translation>Bruk sandkassenøkkelen</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="302"/>
        <source>Paste the key (Ctrl+V)</source>
        <translation>Lim inn nøkkelen (Ctrl+V)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="315"/>
        <location filename="../../ledgerwizard/ui/pages.py" line="341"/>
        <source>Connected to {name}.</source>
        <translation>Tilkoblet {name}.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="328"/>
        <source>Testing…</source>
        <translation>Tester …</translation>
    </message>
</context>
<context>
    <name>QWizard</name>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="29"/>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Tilbake</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="29"/>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Neste &gt;</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="30"/>
        <source>&amp;Next</source>
        <translation>&amp;Neste</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="31"/>
        <source>&amp;Finish</source>
        <translation>&amp;Fullfør</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="30"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="31"/>
        <source>Commit</source>
        <translation>Bekreft</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="31"/>
        <source>&amp;Help</source>
        <translation>&amp;Hjelp</translation>
    </message>
</context>
<context>
    <name>SchedulePage</name>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="602"/>
        <source>When to send</source>
        <translation>Når dagen sendes</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="603"/>
        <source>The day is sent automatically at this time, once its Z report exists.</source>
        <translation>Dagen sendes automatisk på dette tidspunktet, når Z-rapporten finnes.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="604"/>
        <source>Choose a time after the shop has closed and the Z report is taken. Times are Norwegian time (Europe/Oslo), also across summer time.</source>
        <translation>Velg et tidspunkt etter at butikken har stengt og Z-rapporten er tatt. Tidene er norsk tid (Europe/Oslo), også ved sommertid.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="606"/>
        <source>Monday</source>
        <translation>Mandag</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="606"/>
        <source>Tuesday</source>
        <translation>Tirsdag</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="606"/>
        <source>Wednesday</source>
        <translation>Onsdag</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="606"/>
        <source>Thursday</source>
        <translation>Torsdag</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="606"/>
        <source>Friday</source>
        <translation>Fredag</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="607"/>
        <source>Saturday</source>
        <translation>Lørdag</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="607"/>
        <source>Sunday</source>
        <translation>Søndag</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="610"/>
        <source>A business &amp;day ends at:</source>
        <translation>En forretnings&amp;dag slutter kl.:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="611"/>
        <source>Send &amp;automatically (leave it off until the test transfer looks right)</source>
        <translation>Send &amp;automatisk (la det være av til testoverføringen ser riktig ut)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="612"/>
        <source>Also notify me when a day has been &amp;sent (failures are always shown)</source>
        <translation>Varsle meg også når en dag er &amp;sendt (feil vises alltid)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="626"/>
        <source>Next send: {when}</source>
        <translation>Neste sending: {when}</translation>
    </message>
</context>
<context>
    <name>SendDialog</name>
    <message>
        <location filename="../../ledgerwizard/ui/senddialog.py" line="20"/>
        <source>Send days</source>
        <translation>Send dager</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/senddialog.py" line="23"/>
        <source>Choose the stores and the business days to send. Days already sent are not sent again; you see their voucher numbers.</source>
        <translation>Velg butikkene og salgsdagene som skal sendes. Dager som allerede er sendt, sendes ikke på nytt; du ser bilagsnumrene deres.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/senddialog.py" line="45"/>
        <source>&amp;From:</source>
        <translation>&amp;Fra:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/senddialog.py" line="46"/>
        <source>&amp;To:</source>
        <translation>&amp;Til:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/senddialog.py" line="53"/>
        <source>&amp;Send</source>
        <translation>&amp;Send</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/senddialog.py" line="54"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
</context>
<context>
    <name>SettingsProblem</name>
    <message>
        <location filename="../../ledgerwizard/ui/dialogs.py" line="38"/>
        <source>Restore the backup</source>
        <translation>Ta i bruk sikkerhetskopien</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/dialogs.py" line="40"/>
        <source>Quit</source>
        <translation>Avslutt</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="240"/>
        <source>The settings are saved, but ledgerwizard could not be set to start when you log in ({problem}). Start it from the Start menu, or try again in the settings. Press Finish to close.</source>
        <translation>Innstillingene er lagret, men ledgerwizard kunne ikke settes til å starte når du logger inn ({problem}). Start programmet fra Start-menyen, eller prøv igjen i innstillingene. Trykk Fullfør for å lukke.</translation>
    </message>
</context>
<context>
    <name>SourcePage</name>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="81"/>
        <source>Sales from the cash register</source>
        <translation>Salget fra kassen</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="82"/>
        <source>Choose the folder where the cash register writes its SAF-T exports.</source>
        <translation>Velg mappen der kassen legger SAF-T-eksportene sine.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="83"/>
        <source>Every Norwegian cash register can export its journal as SAF-T Cash Register files. Choose the folder it exports to (or one file).</source>
        <translation>Alle norske kassesystemer kan eksportere journalen som SAF-T kassefiler. Velg mappen kassen eksporterer til (eller én fil).</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="85"/>
        <source>Choose &amp;folder…</source>
        <translation>Velg &amp;mappe …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="86"/>
        <source>Choose f&amp;ile…</source>
        <translation>Velg &amp;fil …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="87"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="88"/>
        <location filename="../../ledgerwizard/ui/pages.py" line="98"/>
        <source>Folder with SAF-T files</source>
        <translation>Mappe med SAF-T-filer</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="104"/>
        <source>SAF-T file</source>
        <translation>SAF-T-fil</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="115"/>
        <source>Reading the sales…</source>
        <translation>Leser salget …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="145"/>
        <source>Cancelled.</source>
        <translation>Avbrutt.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="164"/>
        <source>No closed business days were found. Check that the cash register exports SAF-T files to this folder and takes a Z report every day.</source>
        <translation>Fant ingen avsluttede forretningsdager. Kontroller at kassen eksporterer SAF-T-filer til denne mappen og tar Z-rapport hver dag.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="167"/>
        <source>registers</source>
        <translation>kasser</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="170"/>
        <source>&lt;p&gt;Found &lt;b&gt;{company}&lt;/b&gt; with these stores:&lt;/p&gt;&lt;ul&gt;{stores}&lt;/ul&gt;&lt;p&gt;{days} business days from {first} to {last}.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Fant &lt;b&gt;{company}&lt;/b&gt; med disse butikkene:&lt;/p&gt;&lt;ul&gt;{stores}&lt;/ul&gt;&lt;p&gt;{days} forretningsdager fra {first} til {last}.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>SystemPage</name>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="214"/>
        <source>Accounting system</source>
        <translation>Regnskapssystem</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="215"/>
        <source>Where should the daily voucher go?</source>
        <translation>Hvor skal dagsoppgjøret føres?</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="218"/>
        <source>Production (the real accounts)</source>
        <translation>Produksjon (det ekte regnskapet)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="219"/>
        <source>Demo / test company</source>
        <translation>Demo-/testselskap</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="220"/>
        <source>Sandbox on this PC (try without an account)</source>
        <translation>Sandkasse på denne PC-en (prøv uten konto)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="221"/>
        <source>&amp;Environment:</source>
        <translation>&amp;Miljø:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="222"/>
        <source>Keys only work in the environment they were made in.</source>
        <translation>En nøkkel virker bare i miljøet den er laget i.</translation>
    </message>
</context>
<context>
    <name>TestPage</name>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="667"/>
        <source>Test transfer</source>
        <translation>Testoverføring</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="668"/>
        <source>This is the voucher exactly as it will be posted. Check it, then send it.</source>
        <translation>Slik blir bilaget bokført. Kontroller det, og send det.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="669"/>
        <source>&amp;Day:</source>
        <translation>&amp;Dag:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="670"/>
        <source>&amp;Send this day now</source>
        <translation>&amp;Send denne dagen nå</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="671"/>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="671"/>
        <source>Account name</source>
        <translation>Kontonavn</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="671"/>
        <source>Text</source>
        <translation>Tekst</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="672"/>
        <source>VAT code</source>
        <translation>Mva-kode</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="672"/>
        <source>Department</source>
        <translation>Avdeling</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="672"/>
        <source>Debit</source>
        <translation>Debet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="673"/>
        <source>Credit</source>
        <translation>Kredit</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="722"/>
        <source>Total</source>
        <translation>Sum</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="731"/>
        <source>Reconciled with the Z report: OK ({n} checks).</source>
        <translation>Avstemt mot Z-rapporten: OK ({n} kontroller).</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="732"/>
        <source>Differences against the Z report:</source>
        <translation>Avvik mot Z-rapporten:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="740"/>
        <source>Already sent: voucher {number}.</source>
        <translation>Allerede sendt: bilag {number}.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="753"/>
        <source>Sending…</source>
        <translation>Sender …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/pages.py" line="768"/>
        <source>Sent. The ledger&apos;s voucher number is {number}.</source>
        <translation>Sendt. Bilagsnummeret i regnskapet er {number}.</translation>
    </message>
</context>
<context>
    <name>TrayApp</name>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="208"/>
        <source>Send now</source>
        <translation>Send nå</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="215"/>
        <source>Last transfers</source>
        <translation>Siste overføringer</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="219"/>
        <source>Pause automatic sending</source>
        <translation>Sett automatisk sending på pause</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="223"/>
        <source>Settings…</source>
        <translation>Innstillinger …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="226"/>
        <source>Open log folder</source>
        <translation>Åpne loggmappen</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="229"/>
        <source>About ledgerwizard</source>
        <translation>Om ledgerwizard</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="233"/>
        <source>Quit</source>
        <translation>Avslutt</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="211"/>
        <source>Send chosen days…</source>
        <translation>Send valgte dager …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="250"/>
        <source>sent {time}, voucher {n}</source>
        <translation>sendt {time}, bilag {n}</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="252"/>
        <source>failed {time}</source>
        <translation>feilet {time}</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="254"/>
        <source>being sent</source>
        <translation>sendes nå</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="267"/>
        <source>ledgerwizard: everything sent</source>
        <translation>ledgerwizard: alt er sendt</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="267"/>
        <source>ledgerwizard: sending…</source>
        <translation>ledgerwizard: sender …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="268"/>
        <source>ledgerwizard: needs attention</source>
        <translation>ledgerwizard: trenger oppmerksomhet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="270"/>
        <source>ledgerwizard: not set up yet (open Settings…)</source>
        <translation>ledgerwizard: ikke satt opp ennå (åpne Innstillinger …)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="272"/>
        <source>ledgerwizard: waiting for the network</source>
        <translation>ledgerwizard: venter på nettverket</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="434"/>
        <source>ledgerwizard needs attention</source>
        <translation>ledgerwizard trenger oppmerksomhet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="443"/>
        <source>Transfer failed</source>
        <translation>Overføringen feilet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="447"/>
        <source>Sent to the accounts</source>
        <translation>Sendt til regnskapet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="448"/>
        <source>{store} {day}: voucher {n}</source>
        <translation>{store} {day}: bilag {n}</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="459"/>
        <source>No Z report</source>
        <translation>Ingen Z-rapport</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="497"/>
        <source>{n} days have not been sent (the PC was off). Send them now, oldest first?</source>
        <translation>{n} dager er ikke sendt (PC-en var av). Vil du sende dem nå, eldste først?</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray.py" line="539"/>
        <source>ledgerwizard is already running in the notification area.</source>
        <translation>ledgerwizard kjører allerede i varslingsområdet.</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="87"/>
        <source>Welcome to ledgerwizard</source>
        <translation>Velkommen til ledgerwizard</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="88"/>
        <source>Every business day, one correct sales voucher per store in your accounting system.</source>
        <translation>Hver forretningsdag: ett riktig salgsbilag per butikk i regnskapssystemet ditt.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="89"/>
        <source>This setup takes a few minutes. It will:</source>
        <translation>Oppsettet tar noen minutter. Det vil:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="91"/>
        <source>1.  read the sales your cash register exports (SAF-T),
2.  connect to your accounting system,
3.  suggest an account for everything you sell and every way customers pay,
4.  choose when the day is sent,
5.  send a test voucher you can check first.</source>
        <translation>1.  lese salget kassen eksporterer (SAF-T),
2.  koble til regnskapssystemet ditt,
3.  foreslå en konto for alt du selger og alle måter kundene betaler på,
4.  velge når dagen sendes,
5.  sende et testbilag du kan kontrollere først.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="94"/>
        <source>Have ready:</source>
        <translation>Ha klart:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="95"/>
        <source>The folder your cash register exports to, and access to your accounting system to create a key.</source>
        <translation>Mappen kassen eksporterer til, og tilgang til regnskapssystemet for å lage en nøkkel.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="97"/>
        <source>&amp;Language:</source>
        <translation>&amp;Språk:</translation>
    </message>
</context>
</TS>
