"""Compact English word lists for the structural checks (no POS tagger needed).

The structural checks have to decide "is there a finite verb in this
sentence?" and "is this capitalised word a common lower-case word?" without a
tagger. These lists are deliberately small and hand-curated: they only need to
cover what Chinese-to-English machine translation produces and what native
press English uses often enough to cause false alarms. All sets are frozen so
that they are constants, never shared mutable state.
"""

from __future__ import annotations


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


#: auxiliaries, modals and copulas in finite form (contracted negatives included)
FINITE_AUX: frozenset[str] = _words("""
is are was were am has have had do does did will would shall should can could may might
must ought isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't
wouldn't shan't shouldn't can't cannot couldn't mightn't mustn't ain't
isn’t aren’t wasn’t weren’t hasn’t haven’t hadn’t doesn’t don’t didn’t won’t
wouldn’t shouldn’t can’t couldn’t
""")

#: pronouns that start a clause (a following word is very likely its verb)
SUBJECT_PRONOUNS: frozenset[str] = _words("i we they he she you it there who")

#: contractions that carry a finite verb ("it's", "we're", "they've", ...)
CONTRACTION_SUFFIXES: tuple[str, ...] = ("'s", "'re", "'ve", "'ll", "'d", "'m", "’s", "’re", "’ve", "’ll", "’d", "’m")
CONTRACTION_HOSTS: frozenset[str] = _words(
    "i we they he she you it there that what who where here let how"
)

#: irregular past forms (and base=past forms) that are finite on their own
IRREGULAR_PAST: frozenset[str] = _words("""
arose awoke was were bore beat became began bent bet bid bit blew broke brought built burnt
burst bought caught chose clung came cost crept cut dealt dug dove drew dreamt drank drove
ate fell fed felt fought found fled flung flew forbade forgot forgave froze got gave went
ground grew hung heard hid hit held hurt kept knelt knew laid led leapt learnt left lent let
lay lit lost made meant met paid put quit read rode rang rose ran said saw sought sold sent
set shook shone shot showed shut sang sank sat slept slid slung spoke sped spent spun spat
split spread sprang stood stole stuck stung stank strode struck strove swore swept swam swung
took taught tore told thought threw thrust trod understood undertook underwent upset woke wore
wove wept won wound withdrew wrote overcame overtook oversaw foresaw
""")

#: common verbs (base form). Used to recognise "-s" finite forms ("supports"),
#: base forms after a subject pronoun ("we support") and as the verb part of
#: the common-word list for stray capitals.
VERB_BASE: frozenset[str] = _words("""
accelerate accept access accomplish achieve acknowledge acquire act adapt add address adjust
adopt advance advise advocate affect afford agree aim allocate allow alter analyse analyze
announce answer anticipate apply appoint appreciate approach approve argue arrange arrive
ask assess assign assist assume assure attach attack attain attempt attend attract authorize
avoid await award balance ban base bear beat browse become begin believe belong benefit bind block
boost borrow break bring broaden build burn buy calculate call carry cause celebrate change
charge check choose claim clarify clean click close collaborate collect combine come comment commit
compare compete complain complete comply compose concentrate conclude conduct confirm connect contact
consider consist consolidate construct consult contain continue contribute control convene
convert convince cooperate coordinate cost count cover create cultivate cut deal debate decide
declare decline decrease deepen defend define delay deliver demand demonstrate deny deploy
deserve design destroy detect determine develop devote die differ direct disagree discover
discuss display distribute divide double download draw drink drive drop earn ease educate elect email
eliminate emerge emphasize employ enable encourage end endorse enforce engage enhance enjoy
ensure enter establish estimate evaluate examine exceed exchange exist expand expect experience
explain explore export express extend face facilitate fail fall feel fight file fill finance
find finish fit fix focus follow forget form foster found free fulfil fulfill fund gain gather
generate get give go govern grant grasp grow guarantee guide handle happen harm head hear help
highlight hire hold hope host identify ignore illustrate implement import impose improve
include incorporate increase indicate influence inform initiate innovate insist inspect inspire
install integrate intend introduce invest investigate invite involve issue join judge keep kill
know lack land last launch lead learn leave lend let lie lift like limit link listen live
locate look lose love maintain make manage manufacture mark market match matter mean measure
meet mention merge miss modernize monitor move need negotiate note notice obtain occur offer
open operate oppose optimize order organize outline overcome own participate pass pay perform
permit persuade pick place plan play pledge point possess post pour practice practise praise
pray predict prefer prepare present preserve press prevent proceed process produce prohibit
promise promote propose protect prove provide publish pull purchase pursue push put qualify
raise reach react read realize realise receive recognize recommend record recover reduce
reflect reform refuse regard register regulate reinforce reject relate release rely remain
remember remind remove renew repair repeat replace reply report represent request require
rescue research reserve resist resolve respect respond rest restore restrict result retain
retire return reveal review revise ride rise risk rule run satisfy save say score search
secure see seek seem seize select sell send serve set settle shape share shift show shut sign
sit sleep solve sound speak spend spread stand start state stay step stimulate stop strengthen
stress strike strive study submit succeed suffer suggest summarize summarise supervise supply support suppose
surround survive suspend sustain take talk target teach tell tend test thank think threaten
throw tighten total touch track trade train transfer transform translate travel treat trust
try turn undergo understand undertake unite update upgrade urge use utilize value vary visit
vote wait walk want warn wash watch welcome win wish withdraw witness work worry write yield
""")

#: adjectives that Chinese MT capitalises mid-sentence ("High-quality", "Green")
COMMON_ADJECTIVES: frozenset[str] = _words("""
active advanced all-round basic better big broad close common comprehensive continuous core
deep digital domestic effective efficient excellent favorable favourable firm friendly full
good great green high high-quality important in-depth innovative intelligent joint key large
long-term low major mutual new open orderly overall positive practical profound rapid
reasonable remarkable rich scientific smart smooth solid sound stable steady strategic strict
strong sustainable systematic technological various vigorous vital whole win-win
""")

#: abstract common nouns that Chinese MT capitalises mid-sentence. Institutional
#: nouns (Committee, Department, State, Act, Senate, ...) are left out on purpose:
#: native press English capitalises them when they stand for a named body.
COMMON_NOUNS: frozenset[str] = _words("""
achievement achievements advantage advantages application applications approach aspects
awareness capability capabilities collaboration competitiveness construction consumption
cooperation coordination demand demands deployment development efficiency efforts empowerment
exchange exchanges experience expansion exploration growth guidance improvement improvements
innovation integration layout momentum opportunities opportunity optimization pattern
progress promotion prosperity quality reform reforms resources situation synergy synergies
upgrading utilization vitality
""")

#: the lower-case words the stray-capital check may flag when capitalised mid-sentence
COMMON_WORDS: frozenset[str] = VERB_BASE | COMMON_ADJECTIVES | COMMON_NOUNS

#: words ending in "-ing" that are prepositions or nouns, not participial clauses
ING_NOT_PARTICIPLE: frozenset[str] = _words("""
according including regarding concerning following during notwithstanding pending excluding
beginning starting nothing something anything everything thing things king morning evening
building buildings funding spending meeting meetings hearing hearings training housing
planning bring sing spring string ring wing ceiling wedding offering offerings earnings
savings ruling rulings setting settings filling finding findings shipping lending warning
warnings listing listings ranking briefing briefings swing sibling outstanding
""")

#: subordinators and relatives: a comma segment starting with one is not a splice
SUBORDINATORS: frozenset[str] = _words("""
after although as because before if once since though till unless until when whenever where
whereas wherever whether while which who whom whose that what how why so and but or nor yet
then thus therefore however including such like with without by from for of to in on at
according than
""")

#: determiners that open a noun-phrase subject
DETERMINERS: frozenset[str] = _words("the this that these those its their our his her my one another each")

#: reporting verbs ("..., he said") that may follow a comma legitimately
REPORTING_VERBS: frozenset[str] = _words("""
said says added adds noted notes stated states explained explains continued continues
concluded concludes argued argues wrote writes told asked asks announced announces
""")

#: words that may legitimately repeat ("had had", "that that")
REPEAT_OK: frozenset[str] = _words("had that is do you win one bye no so very")

#: function words that may join a capitalised name ("Chairman of GAC Group")
NAME_JOINERS: frozenset[str] = _words("of and or the for on in de la du da von van der del y & to at")

#: common words that press English capitalises on purpose when they stand for a
#: named body, a document or a season ("the State", "the Act", "this Fall"), or
#: that are frequent surnames ("Grant", "Green"): never stray capitals
CAPITAL_NOT_STRAY: frozenset[str] = _words("""
act state fund trust post press order guard record report plan study review release service
head court market trade center house mark grant hope green rich long strong major fall will
bill may reform cover march young wash form reserve
""")
