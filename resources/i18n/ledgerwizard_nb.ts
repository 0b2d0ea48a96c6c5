<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO" sourcelanguage="en">
<context>
    <name>About</name>
    <message>
        <location filename="../../ledgerwizard/ui/about.py" line="20"/>
        <source>About ledgerwizard</source>
        <translation>Om ledgerwizard</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/about.py" line="30"/>
        <source>Help: {page}</source>
        <translation>Hjelp: {page}</translation>
    </message>
</context>
<context>
    <name>AccountsStep</name>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="428"/>
        <source>Accounts</source>
        <translation>Kontoer</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="431"/>
        <source>&amp;Store:</source>
        <translation>&amp;Butikk:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="442"/>
        <source>Chec&amp;k against the chart again</source>
        <translation>&amp;Prøv igjen mot kontoplanen</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="591"/>
        <source>&amp;Copy accounts from store {store} to this store</source>
        <translation>&amp;Kopier kontoer fra butikk {store} til denne butikken</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="592"/>
        <source>&amp;Copy accounts</source>
        <translation>&amp;Kopier kontoer</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="433"/>
        <source>Post c&amp;redit sales to receivables (off: they are invoiced in the ledger)</source>
        <translation>Før k&amp;redittsalg mot kundefordringer (av: de faktureres i regnskapet)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="434"/>
        <source>Transfer &amp;gift cards</source>
        <translation>Overfør &amp;gavekort</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="477"/>
        <source>Reading the chart of accounts…</source>
        <translation>Leser kontoplanen …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="429"/>
        <source>Suggested from your chart of accounts. Change what your accountant wants differently; a line the export uses may not be blank.</source>
        <translation>Foreslått fra kontoplanen din. Endre det regnskapsføreren vil ha annerledes; en linje eksporten bruker, kan ikke stå tom.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="435"/>
        <source>E&amp;xport template</source>
        <translation>&amp;Eksporter mal</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="436"/>
        <source>This store&apos;s accounts…</source>
        <translation>Kontoene til denne butikken…</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="437"/>
        <source>The company&apos;s accounts (all its stores)…</source>
        <translation>Kontoene til selskapet (alle butikkene)…</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="438"/>
        <source>&amp;Import template</source>
        <translation>&amp;Importer mal</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="439"/>
        <source>From a file…</source>
        <translation>Fra en fil…</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="440"/>
        <source>From the default template…</source>
        <translation>Fra standardmalen…</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="441"/>
        <source>&amp;Default template for new stores…</source>
        <translation>&amp;Standardmal for nye butikker…</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="520"/>
        <source>The chart of accounts could not be read, so the accounts below are not checked against the live chart. You can still change and save them. ({error})</source>
        <translation>Kontoplanen kunne ikke leses, så kontoene under er ikke kontrollert mot kontoplanen i regnskapet. Du kan likevel endre og lagre dem. ({error})</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="559"/>
        <source>One line needs an account.</source>
        <translation>Én linje mangler konto.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="561"/>
        <source>{n} lines need an account.</source>
        <translation>{n} linjer mangler konto.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="563"/>
        <source>Every line the export uses has an account (not checked against the live chart).</source>
        <translation>Hver linje eksporten bruker, har en konto (ikke kontrollert mot kontoplanen).</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="565"/>
        <source>Every line has an account.</source>
        <translation>Alle linjer har konto.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="602"/>
        <source>Export template</source>
        <translation>Eksporter mal</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="602"/>
        <source>Import template</source>
        <translation>Importer mal</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="605"/>
        <source>Mapping templates (*.json)</source>
        <translation>Kontomaler (*.json)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="605"/>
        <source>All files (*)</source>
        <translation>Alle filer (*)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="628"/>
        <source>Template saved to {path}.</source>
        <translation>Malen er lagret i {path}.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="657"/>
        <source>the default template</source>
        <translation>standardmalen</translation>
    </message>
</context>
<context>
    <name>AttentionDialog</name>
    <message>
        <location filename="../../ledgerwizard/ui/attention.py" line="40"/>
        <source>Days that need attention</source>
        <translation>Dager som trenger oppmerksomhet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/attention.py" line="43"/>
        <source>These days do not agree with their Z report and have not been sent. Usually the POS exports the day again with the right figures, and the day then goes out by itself. If the figures are right as they are, you can send the day anyway: the differences are recorded and stated on the voucher.</source>
        <translation>Disse dagene stemmer ikke med Z-rapporten og er ikke sendt. Som regel eksporterer kassesystemet dagen på nytt med riktige tall, og da sendes dagen av seg selv. Er tallene riktige slik de er, kan du sende dagen likevel: avvikene registreres og står på bilaget.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/attention.py" line="61"/>
        <source>I have seen the differences and the day is &amp;right as it is</source>
        <translation>Jeg har sett avvikene, og dagen er &amp;riktig slik den er</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/attention.py" line="65"/>
        <source>Close</source>
        <translation>Lukk</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/attention.py" line="66"/>
        <source>Send &amp;anyway…</source>
        <translation>Send like&amp;vel …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/attention.py" line="83"/>
        <source>Nothing waits for a decision.</source>
        <translation>Ingenting venter på en beslutning.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/attention.py" line="96"/>
        <source>Send anyway?</source>
        <translation>Sende likevel?</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/attention.py" line="97"/>
        <source>Send {store} {day} to the accounts with {n} difference(s) against the Z report? The decision is recorded with today&apos;s date and stated on the voucher.</source>
        <translation>Sende {store} {day} til regnskapet med {n} avvik mot Z-rapporten? Beslutningen registreres med dagens dato og står på bilaget.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/attention.py" line="101"/>
        <source>&amp;Send anyway</source>
        <translation>&amp;Send likevel</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/attention.py" line="102"/>
        <source>&amp;Do not send</source>
        <translation>&amp;Ikke send</translation>
    </message>
</context>
<context>
    <name>CompanyBox</name>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="99"/>
        <source>Company {name} ({org})</source>
        <translation>Selskap {name} ({org})</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="101"/>
        <source>Send credit &amp;sales to {system} as open orders for invoicing</source>
        <translation>Send kreditt&amp;salg til {system} som åpne ordre til fakturering</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="104"/>
        <source>Each credit sale becomes an open order for its customer in {system}, with the receipt&apos;s lines, for the office to invoice. The daily voucher then leaves the credit sales out by itself, so nothing is booked twice. Each order line uses a product per revenue account (product number LW and the account, e.g. LW3000), which ledgerwizard makes in {system} when the first order needs it.</source>
        <translation>Hvert kredittsalg blir en åpen ordre på kunden i {system}, med linjene fra kvitteringen, som kontoret fakturerer. Dagsoppgjøret tar da kredittsalgene ut av seg selv, så ingenting bokføres dobbelt. Hver ordrelinje bruker en vare per inntektskonto (varenummer LW og kontoen, f.eks. LW3000), som ledgerwizard oppretter i {system} når den første ordren trenger den.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="108"/>
        <source>Credit sales &amp;from and including:</source>
        <translation>Kredittsalg &amp;fra og med:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="109"/>
        <source>Customer in the register</source>
        <translation>Kunde i kassen</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="110"/>
        <source>Customer in {system}</source>
        <translation>Kunde i {system}</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="111"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="112"/>
        <source>&amp;Confirm the suggestions</source>
        <translation>&amp;Bekreft forslagene</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="113"/>
        <source>&amp;Read the customer list again</source>
        <translation>Les &amp;kundelisten på nytt</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="178"/>
        <source>{n} sales, {amount}</source>
        <translation>{n} salg, {amount}</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="186"/>
        <source>— not linked —</source>
        <translation>— ikke koblet —</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="191"/>
        <source>Create in {system}…</source>
        <translation>Opprett i {system} …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="173"/>
        <source>No customer is named on a credit sale in the exports yet.</source>
        <translation>Ingen kredittsalg i eksporten har en kunde ennå.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="237"/>
        <source>&amp;Create the customer</source>
        <translation>&amp;Opprett kunden</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="238"/>
        <source>Ca&amp;ncel</source>
        <translation>&amp;Avbryt</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="254"/>
        <source>Reading the customers in {system}…</source>
        <translation>Leser kundene i {system} …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="281"/>
        <source>Creating {name} in {system}…</source>
        <translation>Oppretter {name} i {system} …</translation>
    </message>
</context>
<context>
    <name>CustomersStep</name>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="321"/>
        <source>Invoicing and customers</source>
        <translation>Fakturering og kunder</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="322"/>
        <source>Credit sales as open orders the office invoices, each to its customer in the accounts.</source>
        <translation>Kredittsalg som åpne ordre som kontoret fakturerer, hver til sin kunde i regnskapet.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/customers.py" line="324"/>
        <source>The register sold on account to the customers below. With invoicing on, each such sale is sent once as an open order, and held with the reason in the status while its customer is not linked. Nothing is made in the accounts without your say.</source>
        <translation>Kassen har solgt på konto til kundene under. Med fakturering på sendes hvert slikt salg én gang som en åpen ordre, og holdes tilbake med årsaken i statusen så lenge kunden ikke er koblet. Ingenting opprettes i regnskapet uten at du sier ja.</translation>
    </message>
</context>
<context>
    <name>DoneStep</name>
    <message>
        <location filename="../../ledgerwizard/ui/steps/done.py" line="46"/>
        <source>Done</source>
        <translation>Ferdig</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/done.py" line="49"/>
        <source>Start &amp;now</source>
        <translation>Start &amp;nå</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/done.py" line="47"/>
        <source>ledgerwizard is set up. Choose the first day to send, then finish.</source>
        <translation>ledgerwizard er satt opp. Velg første dag som skal sendes, og fullfør.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/done.py" line="48"/>
        <source>Start ledgerwizard when I &amp;log in (recommended)</source>
        <translation>Start ledgerwizard når jeg &amp;logger på (anbefalt)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/done.py" line="50"/>
        <source>Show the &amp;status of every day…</source>
        <translation>Vis &amp;status for hver dag …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/done.py" line="62"/>
        <source>&lt;p&gt;Sales from &lt;b&gt;{n}&lt;/b&gt; store(s) go to &lt;b&gt;{system}&lt;/b&gt;:&lt;/p&gt;&lt;ul&gt;{stores}&lt;/ul&gt;&lt;p&gt;Test transfer: {test}.&lt;/p&gt;&lt;p&gt;ledgerwizard runs in the notification area next to the clock. On Windows 11 new icons are hidden under the arrow (^): drag the ledgerwizard icon onto the taskbar to keep it visible.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Salget fra &lt;b&gt;{n}&lt;/b&gt; butikk(er) går til &lt;b&gt;{system}&lt;/b&gt;:&lt;/p&gt;&lt;ul&gt;{stores}&lt;/ul&gt;&lt;p&gt;Testoverføring: {test}.&lt;/p&gt;&lt;p&gt;ledgerwizard kjører i systemstatusfeltet ved klokken. I Windows 11 skjules nye ikoner under pilen (^): dra ledgerwizard-ikonet ned på oppgavelinjen så det alltid vises.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/done.py" line="66"/>
        <source>sent</source>
        <translation>sendt</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/done.py" line="66"/>
        <source>not sent</source>
        <translation>ikke sendt</translation>
    </message>
</context>
<context>
    <name>GoLiveStep</name>
    <message>
        <location filename="../../ledgerwizard/ui/steps/golive.py" line="64"/>
        <location filename="../../ledgerwizard/ui/steps/golive.py" line="65"/>
        <source>Going live</source>
        <translation>Oppstart</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/golive.py" line="66"/>
        <source>First &amp;day to send:</source>
        <translation>Første &amp;dag som sendes:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/golive.py" line="67"/>
        <source>Days already due</source>
        <translation>Dager som allerede skulle vært sendt</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/golive.py" line="95"/>
        <source>Send &amp;automatically from {day}</source>
        <translation>Send &amp;automatisk fra {day}</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/golive.py" line="100"/>
        <source>The first automatic send: {when}.</source>
        <translation>Første automatiske sending: {when}.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/golive.py" line="103"/>
        <source>Automatic sending is off: nothing is sent until you switch it on (here, or in the tray&apos;s menu).</source>
        <translation>Automatisk sending er av: ingenting sendes før du slår den på (her, eller i menyen i systemstatusfeltet).</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/golive.py" line="113"/>
        <source>&lt;p&gt;These closed days from {first} are not in the ledger yet:&lt;/p&gt;&lt;ul&gt;{items}&lt;/ul&gt;</source>
        <translation>&lt;p&gt;Disse avsluttede dagene fra {first} er ikke i regnskapet ennå:&lt;/p&gt;&lt;ul&gt;{items}&lt;/ul&gt;</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/golive.py" line="115"/>
        <source>&amp;Send these {n} day(s) too</source>
        <translation>&amp;Send også disse {n} dagene</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/golive.py" line="116"/>
        <source>Start &amp;after them ({day}): they are posted by hand</source>
        <translation>Start &amp;etter dem ({day}): de føres for hånd</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="259"/>
        <source>Import accounts</source>
        <translation>Importer kontoer</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="262"/>
        <source>the default template</source>
        <translation>standardmalen</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="263"/>
        <source>Import accounts from {source} to {store}. Nothing changes until you press Apply.</source>
        <translation>Importer kontoer fra {source} til {store}. Ingenting endres før du trykker Bruk.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="267"/>
        <source>This store only</source>
        <translation>Bare denne butikken</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="272"/>
        <source>Every store of {company} ({n})</source>
        <translation>Alle butikkene til {company} ({n})</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="273"/>
        <source>Appl&amp;y to:</source>
        <translation>&amp;Gjelder:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="282"/>
        <source>Line</source>
        <translation>Linje</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="282"/>
        <source>Now</source>
        <translation>Nå</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="282"/>
        <source>After import</source>
        <translation>Etter import</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="283"/>
        <source>Check against the chart</source>
        <translation>Kontroll mot kontoplanen</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="299"/>
        <source>Not checked: the chart of accounts could not be read</source>
        <translation>Ikke kontrollert: kontoplanen kunne ikke leses</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="301"/>
        <source>Unchanged</source>
        <translation>Uendret</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="301"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="315"/>
        <source>Lines that change: {n}.</source>
        <translation>Linjer som endres: {n}.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="317"/>
        <source>Not in the target&apos;s chart (red; not applied unless you tick them): {bad}.</source>
        <translation>Finnes ikke i kontoplanen her (røde; tas ikke i bruk med mindre du krysser av for dem): {bad}.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="324"/>
        <source>&amp;Apply</source>
        <translation>&amp;Bruk</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="326"/>
        <source>Ca&amp;ncel</source>
        <translation>&amp;Avbryt</translation>
    </message>
</context>
<context>
    <name>KeysStep</name>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="315"/>
        <source>Key to the accounting system</source>
        <translation>Nøkkel til regnskapssystemet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="316"/>
        <source>Create a key in the accounting system and paste it here. It is kept in the operating system&apos;s key store (Windows Credential Manager), never in a file.</source>
        <translation>Lag en nøkkel i regnskapssystemet og lim den inn her. Den lagres i operativsystemets nøkkellager (Windows Legitimasjonsbehandling), aldri i en fil.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="321"/>
        <source>Each store&apos;s department in the ledger</source>
        <translation>Avdelingen i regnskapet for hver butikk</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="322"/>
        <source>Company {name} ({org})</source>
        <translation>Selskap {name} ({org})</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="323"/>
        <source>&amp;Key:</source>
        <translation>Nø&amp;kkel:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="324"/>
        <source>Sho&amp;w</source>
        <translation>&amp;Vis</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="325"/>
        <source>&amp;Test connection</source>
        <translation>Te&amp;st tilkoblingen</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="326"/>
        <source>Use the sandbox key</source>
        <translation>Bruk sandkassenøkkelen</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="327"/>
        <source>Paste the key (Ctrl+V)</source>
        <translation>Lim inn nøkkelen (Ctrl+V)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="344"/>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="388"/>
        <source>Connected to {name}.</source>
        <translation>Tilkoblet {name}.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="259"/>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="346"/>
        <source>Saved key, in use. It is tested again when you change it.</source>
        <translation>Lagret nøkkel, i bruk. Den testes på nytt når du endrer den.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="204"/>
        <source>{store} – department:</source>
        <translation>{store} – avdeling:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="208"/>
        <source>No department</source>
        <translation>Ingen avdeling</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="210"/>
        <source>{department} (inactive)</source>
        <translation>{department} (inaktiv)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="212"/>
        <source>{department} (not in the ledger)</source>
        <translation>{department} (finnes ikke i regnskapet)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="216"/>
        <source>This store has its own client key (an add-on application key)</source>
        <translation>Butikken har sin egen klientnøkkel (en tilleggsnøkkel)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="221"/>
        <source>Copy application key</source>
        <translation>Kopier applikasjonsnøkkelen</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="222"/>
        <source>Test the store&apos;s key</source>
        <translation>Test butikkens nøkkel</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="223"/>
        <source>Paste the store&apos;s client key (Ctrl+V)</source>
        <translation>Lim inn butikkens klientnøkkel (Ctrl+V)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="257"/>
        <source>Connected to {name} with {slot}.</source>
        <translation>Tilkoblet {name} med {slot}.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="262"/>
        <source>Not tested yet.</source>
        <translation>Ikke testet ennå.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="294"/>
        <location filename="../../ledgerwizard/ui/steps/keys.py" line="365"/>
        <source>Testing…</source>
        <translation>Tester …</translation>
    </message>
</context>
<context>
    <name>MappingTable</name>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="108"/>
        <source>In the cash register</source>
        <translation>I kassen</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="108"/>
        <source>Account in the ledger</source>
        <translation>Konto i regnskapet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="109"/>
        <source>VAT code in the ledger</source>
        <translation>Mva-kode i regnskapet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="109"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>QWizard</name>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="35"/>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Tilbake</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="35"/>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Neste &gt;</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="36"/>
        <source>&amp;Next</source>
        <translation>&amp;Neste</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="37"/>
        <source>&amp;Finish</source>
        <translation>&amp;Fullfør</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="37"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="38"/>
        <source>Commit</source>
        <translation>Bekreft</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="38"/>
        <source>&amp;Help</source>
        <translation>&amp;Hjelp</translation>
    </message>
</context>
<context>
    <name>ScheduleStep</name>
    <message>
        <location filename="../../ledgerwizard/ui/steps/schedule.py" line="55"/>
        <source>When to send</source>
        <translation>Når dagen sendes</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/schedule.py" line="56"/>
        <source>The day is sent automatically at this time, once its Z report exists.</source>
        <translation>Dagen sendes automatisk på dette tidspunktet, når Z-rapporten finnes.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/schedule.py" line="57"/>
        <source>Choose a time after the shop has closed and the Z report is taken. Times are Norwegian time (Europe/Oslo), also across summer time.</source>
        <translation>Velg et tidspunkt etter at butikken har stengt og Z-rapporten er tatt. Tidene er norsk tid (Europe/Oslo), også ved sommertid.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/schedule.py" line="59"/>
        <source>Monday</source>
        <translation>Mandag</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/schedule.py" line="59"/>
        <source>Tuesday</source>
        <translation>Tirsdag</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/schedule.py" line="59"/>
        <source>Wednesday</source>
        <translation>Onsdag</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/schedule.py" line="59"/>
        <source>Thursday</source>
        <translation>Torsdag</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/schedule.py" line="59"/>
        <source>Friday</source>
        <translation>Fredag</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/schedule.py" line="60"/>
        <source>Saturday</source>
        <translation>Lørdag</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/schedule.py" line="60"/>
        <source>Sunday</source>
        <translation>Søndag</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/schedule.py" line="63"/>
        <source>A business day &amp;ends at:</source>
        <translation>En forretningsdag slutter &amp;kl.:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/schedule.py" line="64"/>
        <source>Also notify me when a day has been &amp;sent (failures are always shown)</source>
        <translation>Varsle meg også når en dag er &amp;sendt (feil vises alltid)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/schedule.py" line="78"/>
        <source>Next send: {when}</source>
        <translation>Neste sending: {when}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ledgerwizard/ui/settings.py" line="40"/>
        <source>ledgerwizard – settings</source>
        <translation>ledgerwizard – innstillinger</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/settings.py" line="94"/>
        <source>Sa&amp;ve this section</source>
        <translation>Lagre de&amp;nne delen</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/settings.py" line="95"/>
        <source>Cl&amp;ose</source>
        <translation>&amp;Lukk</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/settings.py" line="96"/>
        <source>&amp;Help</source>
        <translation>&amp;Hjelp</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/settings.py" line="209"/>
        <source>Complete the red fields before this section can be saved.</source>
        <translation>Fyll ut de røde feltene før denne delen kan lagres.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/settings.py" line="212"/>
        <source>Changed, not saved yet.</source>
        <translation>Endret, ikke lagret ennå.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/settings.py" line="215"/>
        <source>Saved.</source>
        <translation>Lagret.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/settings.py" line="223"/>
        <source>Saving…</source>
        <translation>Lagrer …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/settings.py" line="254"/>
        <source>These sections have changes that are not saved: {names}. Close without saving them?</source>
        <translation>Disse delene har endringer som ikke er lagret: {names}. Lukke uten å lagre dem?</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/settings.py" line="256"/>
        <source>Close &amp;without saving</source>
        <translation>Lukk &amp;uten å lagre</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/settings.py" line="257"/>
        <source>&amp;Stay</source>
        <translation>&amp;Bli</translation>
    </message>
</context>
<context>
    <name>SettingsProblem</name>
    <message>
        <location filename="../../ledgerwizard/ui/dialogs.py" line="49"/>
        <source>Restore the backup</source>
        <translation>Ta i bruk sikkerhetskopien</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/dialogs.py" line="51"/>
        <source>Quit</source>
        <translation>Avslutt</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="307"/>
        <source>The settings are saved, but ledgerwizard could not be set to start when you log in ({problem}). Start it from the Start menu, or try again in the settings. Press Finish to close.</source>
        <translation>Innstillingene er lagret, men ledgerwizard kunne ikke settes til å starte når du logger inn ({problem}). Start programmet fra Start-menyen, eller prøv igjen i innstillingene. Trykk Fullfør for å lukke.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="347"/>
        <source>The test voucher is already in the accounts. Keep what you have set up (it is saved now), or discard it?</source>
        <translation>Testbilaget er allerede i regnskapet. Vil du beholde det du har satt opp (det lagres nå), eller forkaste det?</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="350"/>
        <source>Discard what you have set up? Nothing has been saved yet.</source>
        <translation>Forkaste det du har satt opp? Ingenting er lagret ennå.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="352"/>
        <source>&amp;Keep and close</source>
        <translation>&amp;Behold og lukk</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="353"/>
        <source>&amp;Discard</source>
        <translation>&amp;Forkast</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="354"/>
        <source>&amp;Continue the setup</source>
        <translation>&amp;Fortsett oppsettet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/wizard.py" line="391"/>
        <source>Ab&amp;out</source>
        <translation>&amp;Om</translation>
    </message>
</context>
<context>
    <name>SourceStep</name>
    <message>
        <location filename="../../ledgerwizard/ui/steps/source.py" line="48"/>
        <source>Sales from the cash register</source>
        <translation>Salget fra kassen</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/source.py" line="49"/>
        <source>Choose the folder where the cash register writes its SAF-T exports.</source>
        <translation>Velg mappen der kassen legger SAF-T-eksportene sine.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/source.py" line="50"/>
        <source>Every Norwegian cash register can export its journal as SAF-T Cash Register files. Choose the folder it exports to (or one file).</source>
        <translation>Alle norske kassesystemer kan eksportere journalen som SAF-T kassefiler. Velg mappen kassen eksporterer til (eller én fil).</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/source.py" line="52"/>
        <source>Choose &amp;folder…</source>
        <translation>Velg &amp;mappe …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/source.py" line="53"/>
        <source>Choose f&amp;ile…</source>
        <translation>Velg &amp;fil …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/source.py" line="54"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/source.py" line="55"/>
        <location filename="../../ledgerwizard/ui/steps/source.py" line="65"/>
        <source>Folder with SAF-T files</source>
        <translation>Mappe med SAF-T-filer</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/source.py" line="71"/>
        <source>SAF-T file</source>
        <translation>SAF-T-fil</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/source.py" line="82"/>
        <source>Reading the sales…</source>
        <translation>Leser salget …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/source.py" line="113"/>
        <source>Cancelled.</source>
        <translation>Avbrutt.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/source.py" line="132"/>
        <source>No closed business days were found. Check that the cash register exports SAF-T files to this folder and takes a Z report every day.</source>
        <translation>Fant ingen avsluttede forretningsdager. Kontroller at kassen eksporterer SAF-T-filer til denne mappen og tar Z-rapport hver dag.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/source.py" line="135"/>
        <source>registers</source>
        <translation>kasser</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/source.py" line="138"/>
        <source>&lt;p&gt;Found &lt;b&gt;{company}&lt;/b&gt; with these stores:&lt;/p&gt;&lt;ul&gt;{stores}&lt;/ul&gt;&lt;p&gt;{days} business days from {first} to {last}.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Fant &lt;b&gt;{company}&lt;/b&gt; med disse butikkene:&lt;/p&gt;&lt;ul&gt;{stores}&lt;/ul&gt;&lt;p&gt;{days} forretningsdager fra {first} til {last}.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>StatusWindow</name>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="60"/>
        <source>ledgerwizard – status</source>
        <translation>ledgerwizard – status</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="156"/>
        <source>&amp;From:</source>
        <translation>&amp;Fra:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="157"/>
        <source>&amp;To:</source>
        <translation>&amp;Til:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="158"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Oppdater</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="159"/>
        <location filename="../../ledgerwizard/ui/status.py" line="162"/>
        <source>Store</source>
        <translation>Butikk</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="159"/>
        <location filename="../../ledgerwizard/ui/status.py" line="162"/>
        <source>Business day</source>
        <translation>Forretningsdag</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="159"/>
        <location filename="../../ledgerwizard/ui/status.py" line="163"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="160"/>
        <source>Sales</source>
        <translation>Omsetning</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="160"/>
        <source>Voucher</source>
        <translation>Bilag</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="160"/>
        <location filename="../../ledgerwizard/ui/status.py" line="164"/>
        <source>When</source>
        <translation>Tidspunkt</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="161"/>
        <source>Orders for invoicing (credit sales)</source>
        <translation>Ordre til fakturering (kredittsalg)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="162"/>
        <source>Receipt</source>
        <translation>Kvittering</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="163"/>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="163"/>
        <source>Amount</source>
        <translation>Beløp</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="164"/>
        <source>Order no.</source>
        <translation>Ordrenr.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="165"/>
        <source>&amp;Send now</source>
        <translation>&amp;Send nå</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="166"/>
        <source>Send &amp;anyway…</source>
        <translation>Send like&amp;vel …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="167"/>
        <source>Show the &amp;voucher</source>
        <translation>Vis &amp;bilaget</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="168"/>
        <source>Open the day re&amp;port</source>
        <translation>Åpne &amp;dagsoppgjøret</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="169"/>
        <source>&amp;Copy support details</source>
        <translation>&amp;Kopier supportinfo</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="170"/>
        <source>C&amp;lose</source>
        <translation>&amp;Lukk</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="244"/>
        <source>Automatic sending is on</source>
        <translation>Automatisk sending er på</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="244"/>
        <source> from {day}</source>
        <translation> fra {day}</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="247"/>
        <source>Automatic sending is off: days are sent only when you send them.</source>
        <translation>Automatisk sending er av: dager sendes bare når du sender dem selv.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="326"/>
        <source>{n} orders chosen.</source>
        <translation>{n} ordre valgt.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="360"/>
        <source>{n} days chosen.</source>
        <translation>{n} dager valgt.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="451"/>
        <source>Copied: paste it into an e-mail to support.</source>
        <translation>Kopiert: lim det inn i en e-post til support.</translation>
    </message>
</context>
<context>
    <name>SystemStep</name>
    <message>
        <location filename="../../ledgerwizard/ui/steps/system.py" line="75"/>
        <source>Accounting system</source>
        <translation>Regnskapssystem</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/system.py" line="76"/>
        <source>Where should the daily voucher go?</source>
        <translation>Hvor skal dagsoppgjøret føres?</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/system.py" line="79"/>
        <source>Production (the real accounts)</source>
        <translation>Produksjon (det ekte regnskapet)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/system.py" line="80"/>
        <source>Demo / test company</source>
        <translation>Demo-/testselskap</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/system.py" line="82"/>
        <source>Sandbox on this PC (try without an account)</source>
        <translation>Sandkasse på denne PC-en (prøv uten konto)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/system.py" line="83"/>
        <source>&amp;Environment:</source>
        <translation>&amp;Miljø:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/system.py" line="84"/>
        <source>Keys only work in the environment they were made in.</source>
        <translation>En nøkkel virker bare i miljøet den er laget i.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/system.py" line="85"/>
        <source>The sandbox needs none of the integration&apos;s keys: every system can be tried there.</source>
        <translation>Sandkassen trenger ingen av integrasjonens nøkler: alle systemene kan prøves der.</translation>
    </message>
</context>
<context>
    <name>TemplateDialog</name>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="214"/>
        <source>Default template for new stores</source>
        <translation>Standardmal for nye butikker</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="218"/>
        <source>Stores added later start with these accounts. Existing stores keep their own accounts: to use the template for one, choose Import on the accounts page, then &quot;From the default template&quot;, and confirm the preview. Saved with the accounts.</source>
        <translation>Butikker som legges til senere, starter med disse kontoene. Butikker som finnes, beholder sine egne kontoer: for å bruke malen for en av dem, velg Importer mal på kontosiden, så «Fra standardmalen», og bekreft forhåndsvisningen. Lagres sammen med kontoene.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="229"/>
        <source>&amp;Import a template file…</source>
        <translation>&amp;Importer en malfil…</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="233"/>
        <source>&amp;Close</source>
        <translation>&amp;Lukk</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="243"/>
        <source>{n} lines of the template are not in the chart.</source>
        <translation>{n} linjer i malen finnes ikke i kontoplanen.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/accounts.py" line="244"/>
        <source>Changes here change no existing store.</source>
        <translation>Endringer her endrer ingen butikk som finnes.</translation>
    </message>
</context>
<context>
    <name>TestStep</name>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="57"/>
        <source>Test transfer</source>
        <translation>Testoverføring</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="58"/>
        <source>This is the voucher exactly as it will be posted. Check it, then send it.</source>
        <translation>Slik blir bilaget bokført. Kontroller det, og send det.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="59"/>
        <source>&amp;Day:</source>
        <translation>&amp;Dag:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="60"/>
        <source>&amp;Send this day now</source>
        <translation>&amp;Send denne dagen nå</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="61"/>
        <source>I have seen the &amp;differences and want to send the day anyway (recorded and stated on the voucher)</source>
        <translation>Jeg har sett &amp;avvikene og vil sende dagen likevel (registreres og står på bilaget)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="63"/>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="63"/>
        <source>Account name</source>
        <translation>Kontonavn</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="63"/>
        <source>Text</source>
        <translation>Tekst</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="64"/>
        <source>VAT code</source>
        <translation>Mva-kode</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="64"/>
        <source>Department</source>
        <translation>Avdeling</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="64"/>
        <source>Debit</source>
        <translation>Debet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="65"/>
        <source>Credit</source>
        <translation>Kredit</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="117"/>
        <source>Total</source>
        <translation>Sum</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="129"/>
        <source>Reconciled with the Z report: OK ({n} checks).</source>
        <translation>Avstemt mot Z-rapporten: OK ({n} kontroller).</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="130"/>
        <source>This day does not agree with the Z report and is not sent unless you decide so:</source>
        <translation>Denne dagen stemmer ikke med Z-rapporten og sendes ikke uten at du bestemmer det:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="141"/>
        <source>Already done: no sales to post, so no voucher.</source>
        <translation>Allerede ferdig: ingen salg å bokføre, så ikke noe bilag.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="143"/>
        <source>Already sent: voucher {number}.</source>
        <translation>Allerede sendt: bilag {number}.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="160"/>
        <source>Sending…</source>
        <translation>Sender …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/test.py" line="177"/>
        <source>Sent. The ledger&apos;s voucher number is {number}.</source>
        <translation>Sendt. Bilagsnummeret i regnskapet er {number}.</translation>
    </message>
</context>
<context>
    <name>TrayApp</name>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="167"/>
        <source>ledgerwizard: sending…</source>
        <translation>ledgerwizard: sender …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="166"/>
        <source>ledgerwizard: everything sent; the next days go out by themselves</source>
        <translation>ledgerwizard: alt er sendt; de neste dagene sendes av seg selv</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="168"/>
        <source>ledgerwizard: needs attention (open Status…)</source>
        <translation>ledgerwizard: trenger oppmerksomhet (åpne Status …)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="169"/>
        <source>ledgerwizard: automatic sending is off – nothing is sent by itself</source>
        <translation>ledgerwizard: automatisk sending er av – ingenting sendes av seg selv</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="170"/>
        <source>ledgerwizard: automatic sending is paused</source>
        <translation>ledgerwizard: automatisk sending er satt på pause</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="171"/>
        <source>ledgerwizard: waiting for the ledger to confirm a voucher</source>
        <translation>ledgerwizard: venter på at regnskapet bekrefter et bilag</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="174"/>
        <source>ledgerwizard: not set up yet (open Settings…)</source>
        <translation>ledgerwizard: ikke satt opp ennå (åpne Innstillinger …)</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="176"/>
        <source>ledgerwizard: waiting for the network</source>
        <translation>ledgerwizard: venter på nettverket</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="179"/>
        <source>{n} credit sale(s) were not sent as orders for invoicing: see Status…</source>
        <translation>{n} kredittsalg ble ikke sendt som ordre til fakturering: se Status …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="250"/>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="254"/>
        <source>ledgerwizard needs attention</source>
        <translation>ledgerwizard trenger oppmerksomhet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="251"/>
        <source>Needs attention</source>
        <translation>Trenger oppmerksomhet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="251"/>
        <source>Transfer failed</source>
        <translation>Overføringen feilet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="252"/>
        <source>Sent to the accounts</source>
        <translation>Sendt til regnskapet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="252"/>
        <source>No Z report</source>
        <translation>Ingen Z-rapport</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="253"/>
        <source>Orders for invoicing need attention</source>
        <translation>Ordre til fakturering trenger oppmerksomhet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="274"/>
        <source>This desktop has no notification area, so ledgerwizard shows its status window instead. It sends on schedule while this window is open; closing it stops ledgerwizard.</source>
        <translation>Dette skrivebordet har ikke noe systemstatusfelt, så ledgerwizard viser statusvinduet i stedet. Det sender etter tidsplanen mens vinduet er åpent; lukker du det, stopper ledgerwizard.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="343"/>
        <source>{n} days have not been sent (the PC was off). Send them now, oldest first?</source>
        <translation>{n} dager er ikke sendt (PC-en var av). Vil du sende dem nå, eldste først?</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/app.py" line="395"/>
        <source>ledgerwizard is already running in the notification area.</source>
        <translation>ledgerwizard kjører allerede i varslingsområdet.</translation>
    </message>
</context>
<context>
    <name>TrayMenu</name>
    <message>
        <location filename="../../ledgerwizard/ui/tray/menu.py" line="55"/>
        <source>Send now</source>
        <translation>Send nå</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/menu.py" line="50"/>
        <source>Status…</source>
        <translation>Status …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/menu.py" line="64"/>
        <source>Last transfers</source>
        <translation>Siste overføringer</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/menu.py" line="68"/>
        <source>Automatic sending</source>
        <translation>Automatisk sending</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/menu.py" line="71"/>
        <source>Pause automatic sending</source>
        <translation>Sett automatisk sending på pause</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/menu.py" line="74"/>
        <source>Settings…</source>
        <translation>Innstillinger …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/menu.py" line="76"/>
        <source>Open log folder</source>
        <translation>Åpne loggmappen</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/menu.py" line="78"/>
        <source>About ledgerwizard</source>
        <translation>Om ledgerwizard</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/menu.py" line="81"/>
        <source>Quit</source>
        <translation>Avslutt</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/menu.py" line="95"/>
        <source>done {time}, no sales</source>
        <translation>ferdig {time}, ingen salg</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/menu.py" line="97"/>
        <source>sent {time}, voucher {n}</source>
        <translation>sendt {time}, bilag {n}</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/menu.py" line="99"/>
        <source>failed {time}</source>
        <translation>feilet {time}</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/menu.py" line="101"/>
        <source>does not agree with the Z report</source>
        <translation>stemmer ikke med Z-rapporten</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/menu.py" line="103"/>
        <source>being checked with the ledger</source>
        <translation>kontrolleres mot regnskapet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/menu.py" line="105"/>
        <source>being sent</source>
        <translation>sendes nå</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/menu.py" line="111"/>
        <source>Needs attention ({n})…</source>
        <translation>Trenger oppmerksomhet ({n}) …</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/tray/menu.py" line="113"/>
        <source>Orders for invoicing need attention ({n})…</source>
        <translation>Ordre til fakturering trenger oppmerksomhet ({n}) …</translation>
    </message>
</context>
<context>
    <name>VoucherDialog</name>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="460"/>
        <source>Voucher {store} {day}</source>
        <translation>Bilag {store} {day}</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="464"/>
        <source> – in the ledger as voucher {n}</source>
        <translation> – i regnskapet som bilag {n}</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="465"/>
        <source> – no sales: nothing posted</source>
        <translation> – ingen salg: ikke noe bokført</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="467"/>
        <source> – as it will be sent</source>
        <translation> – slik det blir sendt</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="473"/>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="473"/>
        <source>Text</source>
        <translation>Tekst</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="473"/>
        <source>VAT code</source>
        <translation>Mva-kode</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="474"/>
        <source>Department</source>
        <translation>Avdeling</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="474"/>
        <source>Debit</source>
        <translation>Debet</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="474"/>
        <source>Credit</source>
        <translation>Kredit</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="482"/>
        <source>Total</source>
        <translation>Sum</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/status.py" line="490"/>
        <source>Close</source>
        <translation>Lukk</translation>
    </message>
</context>
<context>
    <name>WelcomeStep</name>
    <message>
        <location filename="../../ledgerwizard/ui/steps/welcome.py" line="44"/>
        <source>Welcome to ledgerwizard</source>
        <translation>Velkommen til ledgerwizard</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/welcome.py" line="45"/>
        <source>Every business day, one correct sales voucher per store in your accounting system.</source>
        <translation>Hver forretningsdag: ett riktig salgsbilag per butikk i regnskapssystemet ditt.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/welcome.py" line="46"/>
        <source>This setup takes a few minutes. It will:</source>
        <translation>Oppsettet tar noen minutter. Det vil:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/welcome.py" line="48"/>
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
        <location filename="../../ledgerwizard/ui/steps/welcome.py" line="51"/>
        <source>Have ready:</source>
        <translation>Ha klart:</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/welcome.py" line="52"/>
        <source>The folder your cash register exports to, and access to your accounting system to create a key.</source>
        <translation>Mappen kassen eksporterer til, og tilgang til regnskapssystemet for å lage en nøkkel.</translation>
    </message>
    <message>
        <location filename="../../ledgerwizard/ui/steps/welcome.py" line="54"/>
        <source>&amp;Language:</source>
        <translation>&amp;Språk:</translation>
    </message>
</context>
</TS>
