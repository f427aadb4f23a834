"""Deterministic synthetic publication corpora, shaped like what an importer meets at scale.

A corpus is a stream of :class:`SyntheticPaper` values: Zipf-like author productivity, names
from many cultures (diacritics, particles, initials), research titles and one-line abstracts.
:func:`write_listing` renders it in the research-portal text format. Every random choice comes
from :class:`random.Random` streams seeded from the corpus seed, so a (papers, seed) pair gives
the same bytes on every run and machine; nothing depends on ``hash()`` or set order.

Authorship, names and text draw from separate streams, so tuning the prose never changes who
wrote what, and :func:`most_prolific_author` can replay authorship alone, cheaply.
"""

# Names and titles are deliberately non-ASCII (dotless i, en dashes), as real listings are.
# ruff: noqa: RUF001

from __future__ import annotations

import functools
import random
import re
import unicodedata
from bisect import bisect
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, count, islice
from typing import TextIO, TypeVar

_T = TypeVar("_T")

DEFAULT_PAPERS = 100_000
DEFAULT_SEED = 20261126
# What a portal page prints above its list when the profile has too few outputs for a chart.
INTERFACE_PREAMBLE = (
    "Not enough data to create a plot.",
    "Try a different view from the menu above.",
)
FIRST_YEAR, LAST_YEAR = 1990, 2025

# Team sizes 1..15: mostly 2-5 authors, a thin tail of large collaborations (mean about 4.0).
_TEAM_SIZE_WEIGHTS = (10, 21, 21, 16, 11, 7, 4.6, 3.2, 2.2, 1.5, 1.0, 0.75, 0.5, 0.35, 0.25)
# Each author slot is a newcomer with this probability, else a draw from the Zipf core. With
# the core sized at 0.75 people per paper this gives about 1.5 distinct people per paper.
_NEWCOMER_SHARE = 0.245
_CORE_PEOPLE_PER_PAPER = 0.75
# Zipf-Mandelbrot offset: weight 1 / (rank + offset). It flattens the very top so the most
# prolific people have several hundred papers per 100,000 rather than tens of thousands.
_ZIPF_OFFSET = 50
# Group leaders usually sign last, so the core's most prolific member often moves to the end.
_SENIOR_LAST_SHARE = 0.5
_NO_ABSTRACT_SHARE = 0.08
# Later years weigh up to three times more: output grows over time.
_YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))
_YEAR_CUMULATIVE = list(
    accumulate(1 + 2 * index / (len(_YEARS) - 1) for index in range(len(_YEARS)))
)


@dataclass(frozen=True, slots=True)
class SyntheticAuthor:
    """A person, unique in a corpus by (family, given) even after folding case and accents."""

    family: str
    given: str


@dataclass(frozen=True, slots=True)
class SyntheticPaper:
    """One paper; ``authors`` are in byline order and never name a person twice."""

    title: str
    abstract: str | None
    year: int
    venue: str
    authors: tuple[SyntheticAuthor, ...]


def generate_corpus(
    *, papers: int = DEFAULT_PAPERS, seed: int = DEFAULT_SEED
) -> Iterator[SyntheticPaper]:
    """Yield a synthetic corpus one paper at a time.

    Memory stays small: only the Zipf core of authors, the folded name keys and the folded
    titles (to keep both unique) are held, never the papers.

    Args:
        papers: How many papers to yield.
        seed: The corpus seed; the same (papers, seed) always yields the same papers.

    Yields:
        Papers with unique titles; about 8% have no abstract.

    Raises:
        ValueError: ``papers`` is negative.
    """
    teams = _TeamDrawer(papers=papers, seed=seed)
    people = _people(seed)
    core = list(islice(people, teams.core_size))
    # String seeds are hashed with SHA-512, not hash(), so each stream is the same in every
    # process whatever PYTHONHASHSEED says.
    text = _PaperText(random.Random(f"{seed}:text"))
    rng = random.Random(f"{seed}:metadata")
    for _ in range(papers):
        # Newcomer ids are handed out in increasing order, so the next unseen one is next().
        authors = tuple(core[i] if i < len(core) else next(people) for i in teams.draw())
        field, title, abstract = text.paper(with_abstract=rng.random() >= _NO_ABSTRACT_SHARE)
        year = _YEARS[_bisect_draw(rng, _YEAR_CUMULATIVE)]
        yield SyntheticPaper(title, abstract, year, _pick(rng, field.venues), authors)


def most_prolific_author(
    *, papers: int = DEFAULT_PAPERS, seed: int = DEFAULT_SEED
) -> SyntheticAuthor | None:
    """The author with the most papers in ``generate_corpus(papers=papers, seed=seed)``.

    Only the authorship stream is replayed, so this costs a fraction of generating the corpus.

    Args:
        papers: The corpus size.
        seed: The corpus seed.

    Returns:
        The most prolific author (ties go to the one created first), or None for no papers.
    """
    teams = _TeamDrawer(papers=papers, seed=seed)
    counts = Counter(chain.from_iterable(teams.draw() for _ in range(papers)))
    if not counts:
        return None
    top = min(counts, key=lambda person: (-counts[person], person))
    return next(islice(_people(seed), top, None))


def write_listing(
    papers: Iterable[SyntheticPaper],
    out: TextIO,
    *,
    owner: SyntheticAuthor | None = None,
    blank_lines: bool = False,
) -> int:
    """Write papers as a research-portal listing: title, authors line, abstract if any.

    Args:
        papers: The papers, written in order.
        out: A text stream; open files with ``encoding="utf-8", newline="\\n"``.
        owner: The profile owner; when given, the listing starts with the portal's interface
            sentences and the owner's "Family, Given" line, as a profile page does.
        blank_lines: Separate records (and the preamble) with an empty line. Portals copied
            from a browser usually have none, which is the harder case for a parser.

    Returns:
        The number of records written.
    """
    separator = "\n" if blank_lines else ""
    started = owner is not None
    if owner is not None:
        out.write("\n".join((*INTERFACE_PREAMBLE, _author_text(owner))) + "\n")
    written = 0
    for paper in papers:
        lines = [paper.title, ", ".join(_author_text(author) for author in paper.authors)]
        if paper.abstract is not None:
            lines.append(paper.abstract)
        out.write((separator if started else "") + "\n".join(lines) + "\n")
        started = True
        written += 1
    return written


def _author_text(author: SyntheticAuthor) -> str:
    return f"{author.family}, {author.given}"


def _people(seed: int) -> Iterator[SyntheticAuthor]:
    """Every person of the corpus in creation order: the Zipf core first, then newcomers."""
    make_name = _NameMaker(random.Random(f"{seed}:names"))
    while True:
        family, given = make_name()
        yield SyntheticAuthor(family, given)


class _TeamDrawer:
    """Draws the byline of each paper as person ids.

    Ids below ``core_size`` are ranks in the Zipf core (rank 0 the most prolific); ids from
    ``core_size`` up are newcomers, each used exactly once, handed out in increasing order.
    """

    def __init__(self, *, papers: int, seed: int) -> None:
        if papers < 0:
            raise ValueError(f"papers must be zero or more, not {papers}")
        self._rng = random.Random(f"{seed}:authorship")
        # A core at least as large as the biggest team lets every team be filled from it.
        self.core_size = max(len(_TEAM_SIZE_WEIGHTS), round(papers * _CORE_PEOPLE_PER_PAPER))
        # Plain division, not pow(): it rounds the same on every platform.
        self._zipf = list(accumulate(1.0 / (rank + _ZIPF_OFFSET) for rank in range(self.core_size)))
        self._sizes = list(accumulate(_TEAM_SIZE_WEIGHTS))
        self._next_newcomer = self.core_size

    def draw(self) -> list[int]:
        """The person ids of the next paper's byline, distinct, in author order."""
        rng = self._rng
        size = _bisect_draw(rng, self._sizes) + 1
        team: list[int] = []
        while len(team) < size:
            if rng.random() < _NEWCOMER_SHARE:
                team.append(self._next_newcomer)
                self._next_newcomer += 1
                continue
            rank = _bisect_draw(rng, self._zipf)
            if rank not in team:
                team.append(rank)
        if len(team) > 1 and rng.random() < _SENIOR_LAST_SHARE:
            team.append(team.pop(team.index(min(team))))
        return team


def _pick(rng: random.Random, choices: Sequence[_T]) -> _T:
    """A uniform choice; one C-level random() call where ``rng.choice`` loops in Python."""
    return choices[_index(rng, len(choices))]


def _index(rng: random.Random, size: int) -> int:
    return int(rng.random() * size)


def _bisect_draw(rng: random.Random, cumulative: list[float]) -> int:
    """An index drawn with probability proportional to its weight, given cumulative weights."""
    # min(): random() * total can round up to total itself, one past the last index.
    return min(bisect(cumulative, rng.random() * cumulative[-1]), len(cumulative) - 1)


# --- Names -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Culture:
    """Names that go together, with how often the corpus meets them."""

    weight: float
    families: tuple[str, ...]
    givens: tuple[str, ...]
    # Family names with a particle ("van den Berg"), as (particle, family) pairs.
    particled: tuple[tuple[str, str], ...]
    double_given: float  # share of people listed with two given names ("Danilo Jimenez")
    double_family: float  # share with two family names ("García Márquez", "Müller-Schmidt")
    family_joiner: str


def _culture(
    weight: float,
    families: str,
    givens: str,
    *,
    particled: str = "",
    double_given: float = 0.05,
    double_family: float = 0.03,
    family_joiner: str = "-",
) -> _Culture:
    pairs = tuple(
        (particle, family)
        for particle, _, family in (name.rpartition(" ") for name in particled.split("/") if name)
    )
    return _Culture(
        weight,
        tuple(families.split()),
        tuple(givens.split()),
        pairs,
        double_given,
        double_family,
        family_joiner,
    )


def _syllable_names(syllables: str, *joiners: str) -> str:
    """Given names built from two syllables ("Xiaohan", "Ji-hoon"), space separated."""
    parts = syllables.split()
    return " ".join(
        f"{first.capitalize()}{joiner}{second}"
        for joiner in joiners
        for first in parts
        for second in parts
        # "Xiaoan" would read as two names run together; pinyin would need "Xiao'an".
        if second[0] not in "aeiou"
    )


# Big cultures have long lists: a person is unique by (family, given), and when the plain
# combinations run out everyone new gets middle initials, which reads unlike a real corpus.
_CULTURES = (
    _culture(
        15,
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng "
        "Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du "
        "Ye Cheng Wei Su Lü Ding Ren Lu Yao Shen Zhong Cui Tan Fan Jin Shi Qian Qin Hou Shao "
        "Xiong Meng Long Wan Duan Lei Qiu Kong Bai Mao Hao Chan Wong Leung Cheung Lau Ng Tsang "
        "Kwok Chang Hsu Tsai Lee Chiu Hsieh Kuo Yeh Liao Lam Yip Mak Fung Chow",
        _syllable_names(
            "bo chen dong fang fei gang guo hai hao hong hua hui jian jie jin jing jun kai lan "
            "lei ling long mei min ming na ning peng ping qi qiang qing rong rui shan sheng shu "
            "tao ting wei wen xia xiao xin xiu xu yan yang yi ying yong yu yuan yun zhen zhi",
            "",
        )
        + " Wei Jie Lei Yu Bo Tao Jing Min Hui Yan Xin Ying",
        double_given=0.0,
    ),
    _culture(
        11,
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
        "Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright "
        "Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans "
        "Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson "
        "Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks Bennett Gray Hughes "
        "Price Sanders Myers Long Ross Foster Fleet Brubaker Worrall Hale Fletcher Marsh Barker "
        "Holmes Pearson Lloyd Dawson Webb Simpson Chapman Hunt Palmer Lawrence Burton Fox "
        "O'Donoghue O'Brien O'Connor O'Neill O'Sullivan McCarthy MacLeod McDonald Fitzgerald "
        "Gallagher Doyle Byrne Kavanagh Brennan Quinn Walsh Ryan Nolan Keane Duffy",
        "James John Robert Michael William David Richard Joseph Thomas Charles Daniel Matthew "
        "Anthony Mark Steven Paul Andrew Joshua Kevin Brian George Timothy Ryan Jacob Nicholas "
        "Benjamin Samuel Patrick Alexander Jonathan Christopher Edward Henry Oliver Harry Jack "
        "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Emily Emma "
        "Olivia Hannah Rachel Laura Rebecca Katherine Amanda Megan Claire Alice Grace Chloe Lucy "
        "Charlotte Sophie Helen Margaret Ruth Abigail Victoria Eleanor Isabel Natalie Zoë Siobhan "
        "Niamh Aoife Ciarán Seán Róisín Eoin Declan Marcus Nathan Simon Adrian Graham Neil Ian",
    ),
    _culture(
        7,
        "Sharma Verma Gupta Singh Kumar Patel Shah Mehta Joshi Agarwal Iyer Iyengar Nair Menon "
        "Pillai Reddy Rao Naidu Krishnan Subramanian Raman Srinivasan Venkatesan Chandrasekaran "
        "Banerjee Chatterjee Mukherjee Bose Ghosh Das Sen Dutta Chakraborty Roy Mishra Pandey "
        "Tiwari Srivastava Trivedi Chaudhary Malhotra Kapoor Khanna Bhatia Saxena Kulkarni "
        "Deshpande Patil Jain Bhattacharya Ganguly Narayanan Ramachandran Sethi Goyal Bansal "
        "Arora Ahuja Chopra",
        "Rahul Amit Ankit Arjun Aditya Rohan Vikram Siddharth Karthik Pranav Nikhil Rajesh Suresh "
        "Ramesh Ravi Sanjay Vijay Anil Sunil Manish Abhishek Vivek Gaurav Varun Harsh Akshay "
        "Ananya Priya Divya Kavya Neha Pooja Shreya Aishwarya Deepika Sneha Anjali Lakshmi Meera "
        "Radhika Swati Sunita Nandini Aparna Ishaan Shivani Tanvi Sowmya Harini Aarav Kiran "
        "Arvind Naveen Prakash Sandeep Shalini Vandana Madhuri Girish Mohan Venkat Srinivas",
    ),
    _culture(
        6,
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch "
        "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann "
        "Hartmann Lange Schmitt Werner Krause Lehmann Köhler Weiler Schiegg Harder Salewski "
        "Ullrich Vogel Günther Jäger Groß Böhm Fuchs Kühn Maier Huber Baumann Pohl Seidel Sommer "
        "Engel Frank Berger Ludwig Winkler Lorenz Haas Kraus Schubert Dietrich Brandt Vogt Otto "
        "Stein Jung Roth Scholz Keller Weiß Hahn Graf Schulte Beck Busch Kuhn",
        "Jonas Leonard Martin Maurice Frederik Lukas Maximilian Felix Tobias Florian Sebastian "
        "Matthias Stefan Andreas Jürgen Klaus Wolfgang Dieter Uwe Jörg Günter Till Moritz Henrik "
        "Björn Anna Katharina Julia Lena Sophie Lea Johanna Sabine Ute Birgit Anke Heike Jana "
        "Ulrike Franziska Annika Marlene Carolin Miriam Theresa Kai Jan Lars Niklas Fabian "
        "Dominik Benedikt Konstantin Johannes Leonie Greta",
        particled="von Neumann/von Luxburg/von der Heide/von Bülow/zu Putlitz/von Weizsäcker",
    ),
    _culture(
        5,
        "García González Rodríguez Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez "
        "Ruiz Hernández Díaz Moreno Álvarez Muñoz Romero Alonso Gutiérrez Navarro Torres "
        "Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina Morales Suárez Ortega Delgado "
        "Castro Ortiz Rubio Marín Sanz Núñez Nuñez Iglesias Medina Garrido Cortés Castillo "
        "Lozano Guerrero Cano Prieto Méndez Cruz Calvo Gallego Vidal León Márquez Herrera Peña "
        "Flores Cabrera Campos Vega Fuentes Carrasco Caballero Reyes Nieto Aguilar Pascual "
        "Satorras Ibáñez Ferrer Durán",
        "José Antonio Manuel Francisco David Juan Javier Daniel Carlos Jesús Alejandro Miguel "
        "Rafael Pablo Pedro Ángel Sergio Fernando Jorge Luis Alberto Álvaro Diego Adrián Raúl "
        "Iván Rubén Óscar Andrés Víctor Victor Danilo María Carmen Ana Isabel Cristina Marta "
        "Lucía Elena Sara Paula Raquel Beatriz Nuria Silvia Irene Alicia Rocío Pilar Inés Sofía "
        "Jimena Esther Ignacio Gonzalo Emilio Marcos Hugo Mateo Valeria Camila",
        particled="de la Cruz/del Río/de León/de la Torre/del Valle",
        double_given=0.12,
        double_family=0.25,
        family_joiner=" ",
    ),
    _culture(
        4.5,
        "Martin Bernard Dubois Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Bertrand "
        "Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont Lambert Bonnet François "
        "Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Perrin Morin Mathieu "
        "Clément Gauthier Dumont Fontaine Chevalier Robin Masson Gérard Boyer Lemaire Duval Joly "
        "Barbier Brun Caron Giraud Arnaud Rivière Bastien Renard Picard Aubert Leclerc Marchand",
        "Jean Pierre Michel Philippe Alain Nicolas Christophe Laurent Julien Guillaume Mathieu "
        "Antoine Clément Étienne Rémi Théo Hugo Louis Jean-Bastien Jean-Baptiste Jean-Luc Marie "
        "Anne-Marie Sophie Camille Léa Chloé Manon Élodie Céline Aurélie Hélène Margaux Inès "
        "Juliette Océane Amélie Cécile Noémie Gaëlle Benoît Stéphane Yannick Gaël Thibault "
        "Baptiste Mathilde Pauline Sylvie Agnès",
        particled="de la Fontaine/du Bois/le Roux/de Montbrun/de la Tour/le Goff/du Pont",
    ),
    _culture(
        4,
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti "
        "Costa Giordano Mancini Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi "
        "Caruso Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale Lombardo Serra Coppola "
        "Cattaneo Benedetti Barone Fabbri Pellegrini Palumbo Sanna Farina Rizzi Monti Marchetti "
        "Bellini Grasso Testa Parisi Villa Ferri Orlando Amato Sala Guerra Fiore Silvestri",
        "Marco Luca Giuseppe Giovanni Francesco Alessandro Andrea Matteo Lorenzo Davide Stefano "
        "Simone Federico Riccardo Gabriele Nicola Paolo Roberto Massimo Antonio Pietro Tommaso "
        "Emanuele Niccolò Giulia Francesca Chiara Sara Martina Valentina Alessia Elena Federica "
        "Silvia Laura Elisa Giorgia Beatrice Ilaria Caterina Ludovica Aurora Camilla Benedetta "
        "Giacomo Filippo Vittorio Raffaele",
        particled="di Stefano/de Luca/del Piero/della Valle/da Ponte/di Marco/de Santis/dal Molin",
    ),
    _culture(
        3,
        "Jansen Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Brouwer Dijkstra "
        "Willems Veeling Blankevoort Huisman Knegt Schutte Kingma Welling Kok Prins Postma "
        "Kuipers Hoekstra Koster Vermeulen Verhoeven Timmermans Wouters Claes Maes Janssens",
        "Rianne Mart Tijmen Bas Pim Henkjan Klamer Daan Sem Bram Thijs Ruben Jeroen Joris "
        "Maarten Sander Wouter Floor Femke Sanne Lotte Anouk Fleur Eline Marieke Iris Noor Roos "
        "Joost Koen Niels Arjen Jelle Gijs Willemijn Hanneke Durk Taco Max Herke Emiel",
        particled="van den Berg/de Vries/van der Meer/de Haan/van Baalen/van Dijk/van der Linden/"
        "van den Broek/de Jong/van Leeuwen/de Graaf/ter Haar/van der Wal/de Boer/van Vliet/"
        "de Wit/van der Heijden/van den Bosch/de Bruijn/van Rooij/ten Brink/van 't Hoff/"
        "van Hoof/van der Pol/de Ruiter",
    ),
    _culture(
        3.5,
        "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański "
        "Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski "
        "Pawłowski Michalski Król Wieczorek Jabłoński Wróbel Dvořák Novák Svoboda Novotný Černý "
        "Procházka Kučera Veselý Horák Němec Pokorný Pospíšil Hájek Jelínek Král Růžička Beneš "
        "Fiala Doležal Zeman Kolář Horvat Kovačević Babić Marić Jurić Kovač Petrović Jovanović "
        "Nikolić Đorđević Popescu Ionescu Popa Dumitru Constantin",
        "Łukasz Piotr Paweł Krzysztof Tomasz Michał Marcin Jakub Mateusz Wojciech Kamil Maciej "
        "Grzegorz Rafał Adam Bartosz Agnieszka Katarzyna Małgorzata Magdalena Joanna Monika "
        "Aleksandra Zuzana Tereza Petra Lucie Kateřina Veronika Jiří Petr Tomáš Ondřej Vojtěch "
        "Lukáš Jaroslav Miroslav Ivana Marija Luka Ivan Nikola Andrei Mihai Alexandru Ioana Radu "
        "Bogdan Dorota Ewa Šárka Žofie",
    ),
    _culture(
        3,
        "Ivanov Smirnov Kuznetsov Popov Vasiliev Petrov Sokolov Mikhailov Novikov Fedorov "
        "Morozov Volkov Alekseev Lebedev Semenov Egorov Pavlov Kozlov Stepanov Nikolaev Orlov "
        "Andreev Makarov Nikitin Zakharov Zaitsev Solovyov Borisov Yakovlev Grigoriev Romanov "
        "Sergeev Frolov Shevchenko Bondarenko Kovalenko Tkachenko Kravchenko Melnyk Oliynyk "
        "Ivanova Petrova Smirnova Volkova Kuznetsova",
        "Alexander Dmitry Sergey Andrey Alexey Ivan Maxim Mikhail Nikolai Vladimir Pavel Yuri "
        "Anton Artem Egor Kirill Roman Oleg Denis Ilya Anastasia Ekaterina Maria Olga Tatiana "
        "Natalia Irina Svetlana Daria Polina Yulia Ksenia Vera Oksana Taras Bohdan Olena",
    ),
    _culture(
        3,
        "Sato Satō Suzuki Takahashi Tanaka Watanabe Ito Itō Yamamoto Nakamura Kobayashi Kato "
        "Katō Yoshida Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Yamazaki "
        "Mori Abe Ikeda Hashimoto Yamashita Ishikawa Nakajima Maeda Fujita Ogawa Goto Okada "
        "Hasegawa Murakami Kondo Ishii Saito Sakamoto Endo Aoki Fujii Nishimura Fukuda Ota Ōta "
        "Miura Takeuchi Nakagawa Okamoto Matsuda Harada Nakano Ono Ōno Tamura Takeda Ueda",
        "Hiroshi Takashi Kenji Yuki Yūki Haruto Sota Yuto Riku Kaito Takumi Daiki Kazuki Naoki "
        "Shota Shōta Ryota Ryōta Takeshi Satoshi Akira Makoto Kenta Yuta Hiroki Masashi Tatsuya "
        "Kohei Kōhei Sakura Yui Aoi Hina Yuna Mio Rin Akiko Yoko Yōko Keiko Naoko Tomoko Mayumi "
        "Emi Ayaka Haruka Misaki Nanami Kaori Rie Yūko",
        double_given=0.0,
    ),
    _culture(
        3,
        "Kim Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Yoo Hong "
        "Jeon Ko Moon Son Bae Baek Heo Nam Shim Noh Ha Kwak Sung Cha Joo Woo Koo Ryu Chae Won "
        "Chun Bang Gong Hyun Byun Yeom",
        _syllable_names(
            "ji min seo hyun jun woo young soo jae hoon sung hye ho dong kyung jin sang hee won "
            "joon su ha yoon tae seung chan hwa mi jung",
            "-",
            "",
        ),
        double_given=0.0,
    ),
    _culture(
        3,
        "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro "
        "Martins Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento "
        "Andrade Moreira Nunes Marques Machado Mendes Freitas Cardoso Ramos Gonçalves Santana "
        "Teixeira Araújo Monteiro Correia Cavalcanti Magalhães Conceição",
        "João Pedro Lucas Gabriel Rafael Gustavo Felipe Thiago Bruno Rodrigo Leonardo Matheus "
        "Vinícius Guilherme André Luís Antônio Caio Otávio Fábio Ana Maria Beatriz Juliana "
        "Fernanda Camila Larissa Letícia Mariana Gabriela Bruna Luana Aline Débora Patrícia "
        "Renata Tatiana Vitória Marcelo Paulo Sérgio Joana",
        particled="dos Santos/da Silva/de Souza/da Costa/dos Reis/das Neves/do Carmo",
        double_given=0.12,
        double_family=0.2,
        family_joiner=" ",
    ),
    _culture(
        3,
        "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen "
        "Johansson Andersson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson "
        "Gustafsson Pettersson Lindberg Lindström Lindqvist Lindgren Bergström Berglund Sandberg "
        "Holm Nyström Øster Østergaard Sørensen Søndergaard Bjørnstad Halvorsen Jakobsen Dahl "
        "Lund Virtanen Korhonen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen "
        "Järvinen Lehtonen Ólafsson Guðmundsson Sigurðsson Jónsdóttir",
        "Lars Anders Erik Johan Per Nils Magnus Henrik Mikael Jonas Oskar Axel Emil Gustav Karl "
        "Olav Bjørn Sindre Håkon Sigurd Mads Søren Rasmus Kasper Mikkel Anna Maria Ingrid Astrid "
        "Sigrid Kari Ingeborg Solveig Liv Frida Ebba Elin Maja Saga Linnea Ida Freja Mette Sanna "
        "Aino Juha Mikko Jukka Timo Antti Matti Päivi Tiina Eeva Jón Guðrún Björk Þóra",
    ),
    _culture(
        3,
        "Haddad Khalil Hassan Hussein Mahmoud Ibrahim Abdullah Mansour Nasser Saleh Youssef "
        "Farouk Aziz Rahman Karim Hamdan Qureshi Siddiqui El-Sayed Al-Farsi Al-Rashid Bakr "
        "Darwish Haidar Najjar Sabbagh Shaheen Zidan Kassem Othman Amin Barakat Bishara Masri "
        "Khoury Aoun Fakhoury Benali Bouzid Belkacem Cherif",
        "Mohammed Ahmed Omar Khaled Youssef Hassan Ali Mahmoud Tarek Karim Sami Rami Nabil Walid "
        "Hisham Amr Mostafa Ibrahim Yasmin Fatima Layla Nour Mariam Salma Huda Rania Dina Lina "
        "Hana Aisha Zainab Amira Reem Samira Leila Ziad Fadi Bilal Hamza",
    ),
    _culture(
        2.5,
        "Okafor Okonkwo Adeyemi Oladipo Adebayo Babatunde Eze Nwosu Obi Chukwu Mensah Owusu "
        "Boateng Asante Osei Kamau Mwangi Otieno Wanjiru Odhiambo Njoroge Kariuki Ndlovu Dlamini "
        "Nkosi Mokoena Khumalo Zulu Moyo Banda Phiri Diallo Traoré Keïta Touré Coulibaly Koné "
        "Ndiaye N'Diaye Diop Sow Fall Tshabalala Abebe Tesfaye Haile Bekele Girma Alemu",
        "Chinedu Chiamaka Ngozi Adaeze Oluwaseun Olumide Tunde Femi Kemi Yetunde Kwame Kofi Ama "
        "Akosua Yaw Kwabena Wanjiku Njeri Achieng Baraka Amani Neema Zawadi Thabo Sipho Lerato "
        "Thandiwe Nomvula Bongani Aminata Moussa Fatou Ousmane Mamadou Awa Seydou Abdoulaye "
        "Mariama Tigist Yohannes Selam Dawit Meron Desta Chidi Emeka Ifeoma Nnamdi Obinna",
    ),
    _culture(
        2,
        "Ahmadi Hosseini Mohammadi Rezaei Moradi Karimi Jafari Rahimi Hashemi Ghasemi Sadeghi "
        "Mousavi Kazemi Bagheri Ebrahimi Heidari Nazari Shirazi Tehrani Esfahani Bejnordi "
        "Farahani Khosravi Salehi Akbari Ehteshami Zamani Soltani",
        "Ali Reza Mohammad Hossein Mehdi Amir Babak Behnam Kaveh Arash Saeed Hamid Farhad "
        "Dariush Navid Pouya Sina Maryam Zahra Fatemeh Narges Shirin Parisa Neda Leila Mina Sara "
        "Azadeh Roya Elham Nasrin Golnaz Shabnam",
    ),
    _culture(
        2,
        "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç "
        "Aslan Çetin Kara Koç Kurt Özkan Şimşek Polat Korkmaz Akata Erdoğan Güneş Aksoy Tekin "
        "Bulut",
        "Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Murat Emre Burak Can Cem Barış Onur "
        "Kerem Oğuz Zeynep Elif Ayşe Fatma Emine Merve Büşra Esra Selin Deniz Ece Gizem İrem "
        "Özge Şule Tuğba",
    ),
    _culture(
        1.5,
        "Papadopoulos Papadakis Georgiou Nikolaidis Konstantinou Dimitriou Ioannou Vlachos "
        "Anagnostou Anagiannis Louizos Karagiannis Christodoulou Pappas Oikonomou Makris "
        "Antoniou Alexiou Panagiotou Stavropoulos Athanasiou Kyriakou Kontos Mavridis",
        "Christos Vassilis Nikos Giorgos Dimitris Konstantinos Ioannis Panagiotis Kostas "
        "Michalis Eleni Maria Katerina Sofia Georgia Dimitra Ioanna Despina Vasiliki Alexandros "
        "Stavros Thanos Spyros Andreas",
    ),
    _culture(
        1.5,
        "Nguyen Nguyễn Tran Trần Le Lê Pham Phạm Hoang Hoàng Phan Vu Vũ Dang Đặng Bui Bùi Do Đỗ "
        "Ho Hồ Ngo Ngô Duong Dương Ly Lý Truong Trương Dinh Đinh",
        "Anh Minh Huy Duc Đức Hung Hùng Tuan Tuấn Thanh Hai Hải Long Nam Quang Khanh Linh Lan "
        "Mai Ngoc Ngọc Thao Trang Huong Hương Phuong Phương Van Thi Quoc Bao Chau Trung Dung",
        double_given=0.6,
    ),
    _culture(
        1.5,
        "Cohen Levi Mizrahi Peretz Biton Dahan Avraham Friedman Malka Azoulay Katz Amar Ohayon "
        "Gabay Ben-David Ben-Ami Shapiro Rosenberg Goldberg Kaminka Shalev Bar-On Ronen Segal "
        "Golan Kaplan Zilberman Halevi Ben-Haim",
        "Yosef David Moshe Avraham Yitzhak Daniel Noam Itai Omer Yonatan Eitan Amit Gal Oren Tal "
        "Roi Uri Ido Yael Noa Shira Tamar Maya Michal Noga Hila Liat Adi Ayelet Efrat Orly Rivka "
        "Ariel Elad Nir Gil Ronit Dana",
    ),
)
_CULTURE_CUMULATIVE = list(accumulate(culture.weight for culture in _CULTURES))

# A given name comes from another culture than the family name this often: careers cross borders.
_FOREIGN_GIVEN_SHARE = 0.15
# Shares of the ways a portal writes the given part, after double given names.
_MIDDLE_INITIAL_SHARE = 0.12  # "Durk P."
_TWO_INITIALS_SHARE = 0.02  # "Miranda C. N."
_INITIALS_ONLY_SHARE = 0.06  # "G.A.", "G. A.", "J.-B."
_PARTICLE_SHARE = 0.3  # of people whose culture has particle names
_PARTICLE_AFTER_GIVEN_SHARE = 0.5  # "Berg, Rianne van den" rather than "van den Berg, Rianne"
_INITIAL_LETTERS = "ABCDEFGHJKLMNPRSTVW"
# Plain redraws before a colliding name gets middle initials, as real namesakes do.
_NAME_REDRAWS = 6
# Letters NFKD leaves whole because Unicode does not see them as a letter plus an accent, and
# apostrophes, which importers drop ("O'Donoghue" and "ODonoghue" are one person).
_KEY_FOLDS = str.maketrans(
    {"ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
    | dict.fromkeys("'`\u2019\u02bc\u00b4")
)
_NON_LETTERS = re.compile(r"[\W\d_]+")


class _NameMaker:
    """Makes people's names, each new after folding case, accents, punctuation and order."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._keys: set[str] = set()

    def __call__(self) -> tuple[str, str]:
        """A new (family, given) pair, as a portal writes it."""
        for attempt in count():
            family, given = self._draw()
            if attempt >= _NAME_REDRAWS:
                # Two initials at most: parsers distrust name parts of more than three words.
                letters = 1 if attempt < 2 * _NAME_REDRAWS else 2
                initials = " ".join(f"{self._initial()}." for _ in range(letters))
                given = f"{given.split()[0]} {initials}"
            key = _person_key(family, given)
            if key not in self._keys:
                self._keys.add(key)
                return family, given
        raise AssertionError("unreachable: count() never ends")

    def _draw(self) -> tuple[str, str]:
        rng = self._rng
        culture = _pick_culture(rng)
        family = _pick(rng, culture.families)
        given = self._given(_pick_culture(rng) if rng.random() < _FOREIGN_GIVEN_SHARE else culture)
        if culture.particled and rng.random() < _PARTICLE_SHARE:
            particle, family = _pick(rng, culture.particled)
            if rng.random() < _PARTICLE_AFTER_GIVEN_SHARE:
                return family, f"{given} {particle}"
            return f"{particle} {family}", given
        if rng.random() < culture.double_family:
            second = _pick(rng, culture.families)
            if second != family:
                family = f"{family}{culture.family_joiner}{second}"
        return family, given

    def _given(self, culture: _Culture) -> str:
        rng = self._rng
        given = _pick(rng, culture.givens)
        roll = rng.random()
        if roll < culture.double_given:
            second = _pick(rng, culture.givens)
            return given if second == given else f"{given} {second}"
        roll -= culture.double_given
        if roll < _MIDDLE_INITIAL_SHARE:
            return f"{given} {self._initial()}."
        roll -= _MIDDLE_INITIAL_SHARE
        if roll < _TWO_INITIALS_SHARE:
            return f"{given} {self._initial()}. {self._initial()}."
        roll -= _TWO_INITIALS_SHARE
        if roll < _INITIALS_ONLY_SHARE:
            return self._initials_for(given)
        return given

    def _initials_for(self, given: str) -> str:
        first, _, second = given.partition("-")
        if second:
            return f"{first[0]}.-{second[0].upper()}."
        style = self._rng.randrange(3)
        if style == 0:
            return f"{first[0]}."
        return f"{first[0]}.{' ' if style == 2 else ''}{self._initial()}."

    def _initial(self) -> str:
        return _pick(self._rng, _INITIAL_LETTERS)


def _pick_culture(rng: random.Random) -> _Culture:
    return _CULTURES[_bisect_draw(rng, _CULTURE_CUMULATIVE)]


def _person_key(family: str, given: str) -> str:
    """Who a name denotes as far as any importer could tell: folded words in sorted order.

    Case, accents, apostrophes, punctuation between initials and the side a particle is filed
    on are all ignored, and so is order, so "Müller, Anna" and "Muller, Anna", or
    "Berg, Rianne van den" and "van den Berg, Rianne", can never be two different people.
    """
    text = f"{family} {given}".casefold().translate(_KEY_FOLDS)
    if not text.isascii():
        # NFKD splits off accents as combining marks, which the ASCII encoding then drops.
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(sorted(_NON_LETTERS.sub(" ", text).split()))


# --- Titles and abstracts ----------------------------------------------------------------------


def _phrases(text: str) -> tuple[str, ...]:
    return tuple(phrase.strip() for phrase in text.split("|"))


@dataclass(frozen=True, slots=True)
class _Field:
    """A research field: its venues, its vocabulary by slot name and its own abstract sentences."""

    weight: float
    venues: tuple[str, ...]
    vocabulary: dict[str, tuple[str, ...]]
    findings: tuple[str, ...]


# Vocabulary every field shares; each field's own vocabulary is added to it.
_COMMON_VOCABULARY = {
    "Study": _phrases(
        "A Case Study | A Systematic Review | A Unified View | A Critical Assessment | "
        "Theory and Experiments | A Large-Scale Study | Lessons Learned | A Tutorial"
    ),
    "Quip": _phrases(
        "Mind the Gap | Less Is More | Back to Basics | Seeing Is Believing | No Free Lunch | "
        "Look Before You Leap | Divide and Conquer | Lost in Translation | Slow and Steady"
    ),
    "baseline": _phrases(
        "the previous state of the art | strong baselines | standard approaches | "
        "classical estimators | recent alternatives"
    ),
}

_FIELDS = (
    _Field(
        weight=45,
        venues=_phrases(
            "NeurIPS | ICML | ICLR | AISTATS | UAI | AAAI | IJCAI | CVPR | ICCV | ECCV | ACL | "
            "EMNLP | KDD | Journal of Machine Learning Research | "
            "IEEE Transactions on Pattern Analysis and Machine Intelligence | "
            "Transactions on Machine Learning Research"
        ),
        vocabulary=_COMMON_VOCABULARY
        | {
            "Adj": _phrases(
                "Scalable | Robust | Efficient | Bayesian | Equivariant | Differentiable | "
                "Sparse | Hierarchical | Self-Supervised | Semi-Supervised | Contrastive | "
                "Adversarial | Causal | Federated | Interpretable | Probabilistic | Variational | "
                "Stochastic | Continual | Few-Shot | Zero-Shot | Multi-Task | Structured | "
                "Amortized | Implicit | Deep | Generative | Conditional | Uncertainty-Aware | "
                "Privacy-Preserving | Differentially Private | Data-Efficient | Energy-Based | "
                "Score-Based | Permutation-Invariant | Gauge-Equivariant | Low-Rank | Quantized | "
                "Online | Decentralized | Memory-Efficient | Provably Convergent"
            ),
            "Method": _phrases(
                "Variational Autoencoders | Normalizing Flows | Graph Neural Networks | "
                "Gaussian Processes | Diffusion Models | Transformers | Convolutional Networks | "
                "Recurrent Networks | Neural Processes | Kernel Methods | Mixture Models | "
                "Energy-Based Models | Bayesian Neural Networks | Attention Mechanisms | "
                "Message Passing | Policy Gradients | Q-Learning | Monte Carlo Tree Search | "
                "Stochastic Gradient Descent | Natural Gradients | Knowledge Distillation | "
                "Meta-Learning | Contrastive Learning | Active Learning | Optimal Transport | "
                "Schrödinger Bridges | Hamiltonian Monte Carlo | Expectation Propagation | "
                "Belief Propagation | Spiking Neural Networks | Mixture-of-Experts Models | "
                "Low-Rank Adapters | Sparse Coding | Random Features | Hypernetworks | "
                "Neural Ordinary Differential Equations | Stein Variational Gradient Descent | "
                "Auxiliary Coordinates | Channel Gating | Weight Equalization"
            ),
            "Task": _phrases(
                "Image Classification | Semantic Segmentation | Object Detection | "
                "Machine Translation | Speech Recognition | Question Answering | Link Prediction | "
                "Molecule Generation | Protein Design | Anomaly Detection | "
                "Time Series Forecasting | Density Estimation | Causal Discovery | "
                "Domain Adaptation | Model Compression | Neural Architecture Search | "
                "Program Synthesis | Visual Question Answering | Video Prediction | "
                "Pose Estimation | Medical Image Segmentation | Weather Forecasting | "
                "Text Summarization | Entity Linking | Uncertainty Quantification | "
                "Out-of-Distribution Detection | Data-Free Quantization | "
                "Multi-Agent Coordination | Robotic Grasping | Inverse Problems | "
                "Combinatorial Optimization | Fair Classification | 3D Reconstruction"
            ),
            "Prop": _phrases(
                "Robustness | Generalization | Expressivity | Calibration | Convergence | "
                "Sample Complexity | Identifiability | Stability | Implicit Bias | "
                "Scaling Behaviour | Limitations | Privacy Risks | Inductive Biases | Hidden Costs"
            ),
            "Setting": _phrases(
                "Low-Resource Languages | Small Labelled Data Sets | Noisy Labels | "
                "Non-Stationary Environments | Edge Devices | Electronic Health Records | "
                "Satellite Imagery | Scientific Imaging | Large Language Models | "
                "Long-Tailed Distributions | Partially Observed Graphs | Sparse Rewards"
            ),
            "Numeric": _phrases(
                "at {Count} Billion Parameters | with {Count} Labelled Examples | "
                "in {Count} Languages | on {Count} Benchmarks | with {Bits}-Bit Weights"
            ),
            "area": _phrases(
                "machine learning | computer vision | natural language processing | statistics"
            ),
            "app": _phrases(
                "medical imaging | autonomous driving | recommender systems | drug discovery | "
                "climate modelling | speech interfaces"
            ),
            "metric": _phrases(
                "accuracy | test log-likelihood | calibration error | F1 score | "
                "sample efficiency | robustness to corruptions"
            ),
            "units": _phrases("benchmark data sets | public benchmarks | real-world tasks"),
            "param": _phrases("noise level | learning rate | model size | label budget"),
            "scale": _phrases(
                "the number of training examples | the input dimension | the size of the model"
            ),
            "assumption": _phrases(
                "large amounts of labelled data | a fixed observation model | "
                "independent and identically distributed samples | hand-tuned heuristics"
            ),
        },
        findings=(
            "We train all models end to end with stochastic gradient descent and a batch size "
            "of {Batch}.",
            "On {task2}, {Acr} matches the performance of models with {Factor} times more "
            "parameters.",
            "The learned representations transfer to {task2} with only {Count} labelled examples "
            "per class.",
        ),
    ),
    _Field(
        weight=30,
        venues=_phrases(
            "Physical Review Letters | Physical Review B | Physical Review D | Physical Review X | "
            "Nature Physics | Journal of High Energy Physics | The Astrophysical Journal | "
            "Monthly Notices of the Royal Astronomical Society | New Journal of Physics | "
            "Journal of Fluid Mechanics | Communications in Mathematical Physics | "
            "Nuclear Physics B | Classical and Quantum Gravity | Astronomy & Astrophysics"
        ),
        vocabulary=_COMMON_VOCABULARY
        | {
            "Adj": _phrases(
                "Nonlinear | Non-Equilibrium | Topological | Relativistic | Quantum | "
                "Semiclassical | Ab Initio | Many-Body | Strongly Correlated | Ultracold | "
                "Anisotropic | Chiral | Holographic | Supersymmetric | Effective | Mesoscopic | "
                "Turbulent | Dissipative | Coherent | Driven | Frustrated | Emergent | "
                "High-Precision | Cosmological | Gravitational | Stochastic | Critical | "
                "Higher-Order | Disordered"
            ),
            "Method": _phrases(
                "Density Functional Theory | Lattice QCD | Tensor Networks | "
                "Renormalization Group Methods | Path Integral Monte Carlo | Molecular Dynamics | "
                "Dynamical Mean-Field Theory | Effective Field Theory | Perturbation Theory | "
                "Numerical Relativity | Quantum Monte Carlo | Matrix Product States | "
                "Boltzmann Transport | Neutron Scattering | Interferometry | Adaptive Optics | "
                "Gravitational Lensing | N-Body Simulations | Variational Quantum Eigensolvers | "
                "Conformal Bootstrap | Random Matrix Theory | Floquet Engineering | "
                "Kinetic Theory | Large-Eddy Simulations | Fokker–Planck Equations | "
                "Green's Functions | Feynman Diagrams | Kähler Geometry | Schrödinger Operators"
            ),
            "Task": _phrases(
                "Dark Matter Halos | Neutron Star Mergers | Topological Insulators | "
                "the Quantum Hall Effect | Bose–Einstein Condensates | "
                "High-Temperature Superconductors | Spin Glasses | Black Hole Thermodynamics | "
                "Cosmic Microwave Background Anisotropies | Gravitational Waves | "
                "Quark–Gluon Plasma | Exoplanet Atmospheres | Fast Radio Bursts | "
                "Magnetic Skyrmions | Twisted Bilayer Graphene | Quantum Error Correction | "
                "Entanglement Entropy | Plasma Confinement | Active Matter | Granular Flows | "
                "Rayleigh–Bénard Convection | Navier–Stokes Turbulence | Solar Flares | "
                "Galaxy Clusters | Ising Models | Heavy-Ion Collisions | Neutrino Oscillations | "
                "Majorana Zero Modes | Photonic Crystals | Møller Scattering | Lévy Flights | "
                "Erdős–Rényi Graphs"
            ),
            "Prop": _phrases(
                "Stability | Universality | Thermodynamics | Critical Behaviour | "
                "Spectral Properties | Transport Properties | Symmetry Breaking | Phase Diagram | "
                "Scaling Limits | Finite-Size Effects | Ground State | Hölder Regularity"
            ),
            "Setting": _phrases(
                "Two Dimensions | Curved Spacetime | the Strong-Coupling Regime | "
                "the Thermodynamic Limit | Finite Temperature | Disordered Media | "
                "the Early Universe | Optical Lattices | High Magnetic Fields | "
                "the Large-N Limit | Anti-de Sitter Space | "
                "Noisy Intermediate-Scale Quantum Devices"
            ),
            "Numeric": _phrases(
                "at {Count} mK | in {Dim}+1 Dimensions | with {Count} Qubits | at {Count} TeV | "
                "up to Redshift {Small}"
            ),
            "area": _phrases(
                "condensed matter physics | high-energy physics | astrophysics | "
                "statistical physics | quantum information"
            ),
            "app": _phrases(
                "quantum computing | energy storage | gravitational-wave astronomy | "
                "materials design | fusion reactors | precision metrology"
            ),
            "metric": _phrases(
                "energy resolution | statistical significance | agreement with experiment | "
                "numerical accuracy"
            ),
            "units": _phrases("model systems | benchmark configurations | observational data sets"),
            "param": _phrases("coupling strength | temperature | system size | disorder strength"),
            "scale": _phrases(
                "the size of the system | the number of particles | the bond dimension"
            ),
            "assumption": _phrases(
                "weak coupling | idealised boundary conditions | equilibrium conditions | "
                "a mean-field approximation | spherical symmetry"
            ),
        },
        findings=(
            "Our numerical results are obtained on lattices of up to {Big} sites and extrapolated "
            "to the thermodynamic limit.",
            "The predicted critical exponents agree with experimental values to within {Fine}%.",
            "We identify a previously overlooked contribution from {method2} that dominates at "
            "low temperatures.",
        ),
    ),
    _Field(
        weight=25,
        venues=_phrases(
            "Nature | Science | Cell | eLife | PLOS Computational Biology | Nature Genetics | "
            "Nature Methods | Genome Research | Bioinformatics | Nucleic Acids Research | "
            "Molecular Biology and Evolution | Proceedings of the National Academy of Sciences | "
            "Cell Systems | The EMBO Journal"
        ),
        vocabulary=_COMMON_VOCABULARY
        | {
            "Adj": _phrases(
                "Single-Cell | Genome-Wide | High-Throughput | Spatially Resolved | Longitudinal | "
                "Multi-Omic | Comparative | Evolutionary | Quantitative | Integrative | "
                "Cell-Type-Specific | Tissue-Specific | Time-Resolved | Large-Scale | "
                "Population-Scale | Cross-Species | Allele-Specific | Context-Dependent | "
                "Microbial | Epigenetic | Structural | Metabolic | Phylogenetic | Regulatory | "
                "Mechanistic | Label-Free"
            ),
            "Method": _phrases(
                "CRISPR Screens | Single-Cell RNA Sequencing | Cryo-Electron Microscopy | "
                "Mass Spectrometry | Genome-Wide Association Studies | Lineage Tracing | "
                "Optogenetics | Calcium Imaging | Phylogenetic Inference | "
                "Mendelian Randomization | Organoid Models | Chromatin Accessibility Profiling | "
                "Proteomics | Metagenomics | Flux Balance Analysis | Molecular Docking | "
                "Hidden Markov Models | Spatial Transcriptomics | Deep Mutational Scanning | "
                "Patch-Clamp Recordings | Light-Sheet Microscopy | Coalescent Models | "
                "Agent-Based Models | Protein Language Models"
            ),
            "Task": _phrases(
                "Gene Regulatory Networks | Protein Folding | Antibiotic Resistance | "
                "Tumour Heterogeneity | Synaptic Plasticity | Immune Repertoires | "
                "Circadian Rhythms | Stem Cell Differentiation | Host–Pathogen Interactions | "
                "Gut Microbiome Composition | Alternative Splicing | Embryonic Development | "
                "Neurodegeneration | Viral Evolution | Drug–Target Interactions | "
                "Enhancer Activity | Cell Fate Decisions | Metabolic Pathways | "
                "Chromatin Remodelling | T Cell Exhaustion | Plant Drought Tolerance | "
                "Coral Reef Resilience | Zebrafish Regeneration | Lung Nodule Segmentation"
            ),
            "Prop": _phrases(
                "Evolution | Regulation | Heritability | Diversity | Dynamics | Determinants | "
                "Structural Basis | Molecular Basis | Origins | Fitness Costs"
            ),
            "Setting": _phrases(
                "the Human Cortex | Mouse Models | Arabidopsis thaliana | Drosophila | "
                "Escherichia coli | Patient-Derived Organoids | Tropical Forests | "
                "Marine Sediments | a Prospective Cohort | Saccharomyces cerevisiae | "
                "Caenorhabditis elegans"
            ),
            "Numeric": _phrases(
                "in {Big} Patients | across {Count} Species | at {Small}.{Digit} Å Resolution | "
                "in {Count} Cell Lines | over {Big} Generations"
            ),
            "area": _phrases(
                "systems biology | genomics | neuroscience | evolutionary biology | immunology | "
                "structural biology"
            ),
            "app": _phrases(
                "cancer diagnostics | vaccine design | crop improvement | antibiotic discovery | "
                "personalised medicine | conservation planning"
            ),
            "metric": _phrases(
                "sensitivity | specificity | predictive power | reproducibility | effect size"
            ),
            "units": _phrases("independent cohorts | cell lines | species | clinical data sets"),
            "param": _phrases("sequencing depth | sample size | drug concentration"),
            "scale": _phrases("the number of cells | the number of samples | genome size"),
            "assumption": _phrases(
                "linear genotype-phenotype relationships | a single reference genome | "
                "steady-state expression | known cell-type labels | random mating"
            ),
        },
        findings=(
            "We profiled {Big} cells from {Count} donors and identified {Small} previously "
            "uncharacterised subpopulations.",
            "Knockdown of the candidate genes reduced {metric} by {Pct}% in vivo.",
            "The effect was replicated in an independent cohort of {Big} individuals.",
        ),
    ),
)
_FIELD_CUMULATIVE = list(accumulate(field.weight for field in _FIELDS))

# Title-case slots are written as the vocabulary has them ("{Method}"). A title with commas
# lists three items, "A, B, and C": an odd number of comma-separated parts, which an authors
# line of "Family, Given" pairs never has, so no title can be mistaken for one.
_TITLE_TEMPLATES = (
    "{Adj} {Method} for {Task}",
    "{Acr}: {Adj} {Method} for {Task}",
    "On the {Prop} of {Method}",
    "On the {Prop} of {Task} in {Setting}",
    "Towards {Adj} {Task} with {Method}",
    "{Method} for {Task}: {Study}",
    "What Can {Method} Tell Us About {Task}?",
    "{Method} Meets {Method2}: {Adj} {Task}",
    "{Adj}, {Adj2}, and {Adj3} {Method} for {Task}",
    "{Adj} {Task} via {Method}",
    "The {Prop} of {Adj} {Method}",
    "{Task} with {Method}: Evidence from {Setting}",
    '"{Quip}": {Method} for {Task}',
    "{Adj} {Task} {Numeric}",
    "{Method} and {Method2} for {Adj} {Task}",
    "Beyond {Method}: {Adj} {Task} {Numeric}",
    "{Task}, {Task2}, and {Task3} with {Method}",
    "{Acr}: {Method} for {Task} {Numeric}",
    "{Adj} {Method}: {Study}",
)
# Optional endings that lengthen a title toward the mean of about ten words.
_TITLE_TAILS = (" in {Setting}", " {Numeric}", " with {Method2}", " Revisited")
_TITLE_TAIL_SHARE = 0.5
_SENTENCE_CASE_SHARE = 0.25
_MIN_TITLE_WORDS = 4
# Drafts stop two words short of the 18-word limit to leave room for " (Part 2)".
_MAX_DRAFT_WORDS = 16
_TITLE_REDRAWS = 8

_CONTEXT = (
    "Progress on {task} is central to many applications in {area}, ranging from {app} to {app2}.",
    "Recent advances in {method} have renewed interest in {task}.",
    "The ever-increasing size of modern data sets has made {task} a problem of significant "
    "practical importance in {area}.",
    "Understanding {task} remains a long-standing challenge in {area}.",
    "Over the past decade, researchers have increasingly relied on {method} to study {task}.",
    "Studying {task} in {setting} raises challenges that standard tools in {area} were not "
    "designed for.",
)
_GAP = (
    "However, existing approaches rely on {assumption}, which rarely holds in practice.",
    "Most existing methods scale poorly with {scale} and ignore the uncertainty in their own "
    "predictions.",
    "Despite this progress, little is known about the {prop} of {method} in {setting}.",
    "Current treatments are either inflexible, inefficient or non-scalable, and they degrade "
    "quickly in {setting}.",
    "A key obstacle is that {method} and {method2} have so far been developed largely in "
    "isolation.",
)
_CONTRIBUTION = (
    "We propose {Acr}, {anAdj} framework that combines {method} with {method2}.",
    "In this work, we introduce {Acr}, which exploits {method} to make {task} tractable in "
    "{setting}.",
    "Here, we take a different route by employing {method}, which allows us to treat {task} "
    "and {task2} in a unified way.",
    "We revisit {task} from the perspective of {method} and derive {anAdj} formulation that "
    "avoids these limitations.",
    "This paper presents {Acr}, {anAdj} approach to {task} built on {method}.",
)
_FINDINGS = (
    "Our approach builds on {method2} and admits an efficient implementation whose cost grows "
    "linearly with {scale}.",
    "The key idea is to decompose {task} into a sequence of simpler subproblems, each of which "
    "can be solved with {method}.",
    "We derive tight bounds on the {prop} of the resulting estimator and show that they are "
    "attained in {setting}.",
    "Experiments on {Count} {units} show that {Acr} improves {metric} by {Pct}% over {baseline}.",
    "Compared with {baseline}, our method reduces the computational cost by a factor of "
    "{Factor} while keeping {metric} within {Fine}% of the best result.",
    "We further show that {method} can be combined with {method2} without any loss in {metric}.",
    "In addition, we provide an open-source implementation that reproduces every result "
    "reported in this paper.",
    "Ablation studies reveal that most of the improvement comes from the way the method "
    "handles {setting}.",
    "We validate the approach on {Count} {units}, including a previously unpublished data set "
    "collected in {setting}.",
    "A detailed analysis of the failure cases suggests that {task} in {setting} requires "
    "richer inductive biases than previously assumed.",
    "Our theoretical analysis clarifies the connection between {method} and {method2}, two "
    "lines of work that have so far developed independently.",
    "Importantly, the method requires no fine-tuning or hyperparameter selection and runs on "
    "commodity hardware.",
    "We observe a sharp transition in {metric} as the {param} is varied, in agreement with "
    "recent theoretical predictions.",
    "The resulting estimates agree with independent measurements to within {Fine}%, well "
    "inside the reported uncertainties.",
    "These findings hold across a wide range of settings and are robust to the choice of {param}.",
    "We also characterise the regimes in which {Acr} fails and explain these failures in "
    "terms of the {prop} of {method}.",
    "Unlike previous work, our analysis does not assume {assumption}.",
    "A simple modification of the objective makes the procedure stable even when {scale} "
    "grows large.",
)
_CONCLUSION = (
    "Our results suggest that {method} offers a practical route towards {task} in {setting}.",
    "Taken together, these findings establish {Acr} as a strong baseline for future work on "
    "{task}.",
    "Code and data are publicly available.",
    "We conclude by discussing open problems and directions for future research on {task}.",
    "Finally, we discuss how {Acr} can be extended to {task2}.",
)
_ABSTRACT_MIN_WORDS, _ABSTRACT_MODE_WORDS, _ABSTRACT_MAX_WORDS = 80, 110, 250
_NUMBER_RANGES = {
    "Count": (3, 128),
    "Big": (120, 9000),
    "Small": (2, 9),
    "Digit": (0, 9),
    "Bits": (2, 8),
    "Dim": (1, 3),
    "Pct": (2, 38),
    "Factor": (2, 40),
    "Fine": (1, 5),
    "Batch": (16, 512),
}


def _slot_forms(copies: dict[str, int]) -> dict[str, tuple[str, str, str]]:
    """Each slot key mapped to its (title-case key, prose key or "", vocabulary name)."""
    forms: dict[str, tuple[str, str, str]] = {}
    for name, copy_count in copies.items():
        for number in range(1, copy_count + 1):
            key = name if number == 1 else f"{name}{number}"
            prose = key[0].lower() + key[1:] if key[0].isupper() else ""
            forms[key] = (key, prose, name)
            if prose:
                forms[prose] = forms[key]
    return forms


# How many different values of each vocabulary slot templates use ("Task", "Task2", "Task3").
_SLOT_FORMS = _slot_forms(
    {"Adj": 3, "Method": 2, "Task": 3, "Prop": 1, "Setting": 1, "Numeric": 1, "Study": 1}
    | {"Quip": 1, "area": 1, "app": 2, "metric": 1, "baseline": 1, "units": 1, "param": 1}
    | {"scale": 1, "assumption": 1}
)
# Words a prose rendering keeps capitalised: names of people, places and species.
_PROPER_NOUNS = frozenset(
    _phrases(
        "Bayesian | Gaussian | Monte | Carlo | Markov | Hamiltonian | Schrödinger | Fourier | "
        "Fokker | Planck | Navier | Stokes | Rayleigh | Bénard | Bose | Einstein | Erdős | "
        "Rényi | Lévy | Kähler | Møller | Hölder | Green's | Feynman | Floquet | Ising | "
        "Majorana | Mendelian | Boltzmann | Arabidopsis | Drosophila | Escherichia | "
        "Saccharomyces | Caenorhabditis | Sitter | Hall | Stein"
    )
)
_HYPHENS = re.compile("([-\u2013])")
_WORD_EDGES = "\"'():?,."


class _PaperText:
    """Writes the field, title and abstract of each paper; titles are unique, case-folded."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._titles: set[str] = set()

    def paper(self, *, with_abstract: bool) -> tuple[_Field, str, str | None]:
        """The next paper's field, title and abstract (None when ``with_abstract`` is false)."""
        rng = self._rng
        field = _FIELDS[_bisect_draw(rng, _FIELD_CUMULATIVE)]
        slots = _Slots(rng, field)
        title = self._title(slots)
        return field, title, _abstract(rng, slots, field) if with_abstract else None

    def _title(self, slots: _Slots) -> str:
        sentence_case = self._rng.random() < _SENTENCE_CASE_SHARE
        title = ""
        for _ in range(_TITLE_REDRAWS):
            title = _draft_title(self._rng, slots, sentence_case=sentence_case)
            if self._claim(title):
                return title
        for part in count(2):
            if self._claim(numbered := f"{title} (Part {part})"):
                return numbered
        raise AssertionError("unreachable: count() never ends")

    def _claim(self, title: str) -> bool:
        key = title.casefold()
        if key in self._titles:
            return False
        self._titles.add(key)
        return True


class _Slots(dict[str, str]):
    """The fill-ins of one paper, drawn on first use and then kept, so title and abstract agree.

    "Method" comes from the field's vocabulary and "Method2" is a different method; "method"
    is the prose form of "Method" ("graph neural networks"). Lowercase vocabulary ("app",
    "metric") is prose already. "Acr" is an acronym of the adjective and method, "AnAdj" the
    adjective with its article, and the keys of :data:`_NUMBER_RANGES` are numbers.
    """

    def __init__(self, rng: random.Random, field: _Field) -> None:
        super().__init__()
        self._rng = rng
        self._field = field
        self._taken: list[str] = []  # vocabulary drawn so far, so "Task2" differs from "Task"

    def __missing__(self, key: str) -> str:
        rng = self._rng
        form = _SLOT_FORMS.get(key)
        if form is None:
            return self._special(key)
        title_key, prose_key, name = form
        choices = self._field.vocabulary[name]
        # _pick() inlined: this runs about fifteen times per paper.
        value = choices[int(rng.random() * len(choices))]
        while value in self._taken:
            value = choices[int(rng.random() * len(choices))]
        self._taken.append(value)
        if "{" in value:  # vocabulary such as "with {Count} Qubits" has slots of its own
            value = value.format_map(self)
        self[title_key] = value
        if prose_key:
            self[prose_key] = _prose(value)
        return self[key]

    def _special(self, key: str) -> str:
        if key in _NUMBER_RANGES:
            low, high = _NUMBER_RANGES[key]
            self[key] = str(low + _index(self._rng, high - low + 1))
        elif key == "Acr":
            self[key] = _acronym(self._rng, f"{self['Adj']} {self['Method']}")
        elif key in ("AnAdj", "anAdj"):
            adjective = self["Adj"]
            self["AnAdj"] = f"{'An' if adjective[0] in 'AEIOU' else 'A'} {adjective}"
            self["anAdj"] = _prose(self["AnAdj"])
        else:
            raise KeyError(f"no slot {{{key}}}: a template names a slot that does not exist")
        return self[key]


def _draft_title(rng: random.Random, slots: _Slots, *, sentence_case: bool) -> str:
    while True:
        template = _pick(rng, _TITLE_TEMPLATES)
        if rng.random() < _TITLE_TAIL_SHARE:
            template = _with_tail(template, _pick(rng, _TITLE_TAILS))
        title = template.format_map(slots)
        if _MIN_TITLE_WORDS <= len(title.split()) <= _MAX_DRAFT_WORDS:
            break
    if not sentence_case:
        return title
    # Portals keep whatever case authors typed; about a quarter type sentence case.
    words = title.split(" ")
    return " ".join(
        word if index == 0 or words[index - 1].endswith(":") else _prose_word(word)
        for index, word in enumerate(words)
    )


def _with_tail(template: str, tail: str) -> str:
    """The template with the tail appended, unless that would read badly."""
    lead = tail.split()[0]  # "in", "with", "{Numeric}" or "Revisited"
    if (
        template.endswith("?")
        or lead in template.split()
        or (lead == "Revisited" and ":" in template)
    ):
        return template
    return template + tail


def _abstract(rng: random.Random, slots: _Slots, field: _Field) -> str:
    """One line of prose: context, gap, contribution, findings until long enough, conclusion."""
    target = rng.triangular(_ABSTRACT_MIN_WORDS, _ABSTRACT_MAX_WORDS, _ABSTRACT_MODE_WORDS)
    sentences = [_sentence(_pick(rng, part), slots) for part in (_CONTEXT, _GAP, _CONTRIBUTION)]
    closing = _sentence(_pick(rng, _CONCLUSION), slots)
    words = sum(_word_count(sentence) for sentence in (*sentences, closing))
    findings = [*_FINDINGS, *field.findings]
    for position in range(len(findings)):
        if words >= target:
            break
        # One step of a Fisher-Yates shuffle: only the findings actually used are shuffled.
        chosen = position + _index(rng, len(findings) - position)
        findings[position], findings[chosen] = findings[chosen], findings[position]
        sentence = _sentence(findings[position], slots)
        length = _word_count(sentence)
        if words + length <= _ABSTRACT_MAX_WORDS:
            sentences.append(sentence)
            words += length
    sentences.append(closing)
    return " ".join(sentences)


def _sentence(template: str, slots: _Slots) -> str:
    text = template.format_map(slots)
    return text if template[0] != "{" else text[0].upper() + text[1:]


def _word_count(text: str) -> int:
    return text.count(" ") + 1


def _acronym(rng: random.Random, phrase: str) -> str:
    """A method name's acronym as papers coin them: "SGNN", "DP-MAC", "VAE++", "FNP-2"."""
    words = re.split(r"[\s\-\u2013]+", phrase)
    letters = "".join(word[0] for word in words if word[:1].isupper())[:5]
    roll = rng.random()
    if roll < 0.1:
        return f"{letters}++"
    if roll < 0.2:
        return f"{letters}-{rng.randint(2, 4)}"
    if roll < 0.3 and len(letters) >= 4:
        return f"{letters[:2]}-{letters[2:]}"
    return letters


@functools.cache
def _prose(phrase: str) -> str:
    """A title-case phrase as it reads mid-sentence: "the quantum Hall effect", "3D scans"."""
    return " ".join(_prose_word(word) for word in phrase.split(" "))


@functools.cache
def _prose_word(word: str) -> str:
    return "".join(part if _keeps_capitals(part) else part.lower() for part in _HYPHENS.split(word))


def _keeps_capitals(part: str) -> bool:
    core = part.strip(_WORD_EDGES)
    return (
        core in _PROPER_NOUNS
        or any(char.isupper() or char.isdigit() for char in core[1:])
        # A lone capital is a symbol ("T cell", "N-body"), except the article "A".
        or (len(core) == 1 and core != "A")
    )
