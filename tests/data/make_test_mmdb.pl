#!/usr/bin/perl
# Builds the small MaxMind DB the iplocation tests read (tests/cmd_iplocation_test.cpp), with
# Debian's libmaxmind-db-writer-perl, at test time. Usage: make_test_mmdb.pl OUT.mmdb
# The layout is GeoLite2-City's: city/country/continent names, subdivisions, location.
use strict;
use warnings;
use utf8;  # the names below are UTF-8 text, not bytes
use MaxMind::DB::Writer::Tree;

my $out = shift or die "usage: $0 OUT.mmdb\n";
my %types = (
    city => 'map', continent => 'map', country => 'map', location => 'map',
    subdivisions => [ 'array', 'map' ], names => 'map',
    en => 'utf8_string', de => 'utf8_string', iso_code => 'utf8_string', code => 'utf8_string',
    latitude => 'double', longitude => 'double', time_zone => 'utf8_string', metro_code => 'uint16',
);
my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version => 6,
    record_size => 24,
    database_type => 'GeoLite2-City',
    languages => [ 'en', 'de' ],
    description => { en => 'spelunk iplocation test database' },
    map_key_type_callback => sub { $types{ $_[0] } },
);
$tree->insert_network('81.2.69.0/24', {
    city => { names => { en => 'London', de => 'London' } },
    country => { iso_code => 'GB', names => { en => 'United Kingdom', de => 'Vereinigtes Königreich' } },
    continent => { code => 'EU', names => { en => 'Europe', de => 'Europa' } },
    subdivisions => [ { iso_code => 'ENG', names => { en => 'England', de => 'England' } } ],
    location => { latitude => 51.5142, longitude => -0.0931, time_zone => 'Europe/London' },
});
$tree->insert_network('2001:4860::/32', {
    country => { iso_code => 'US', names => { en => 'United States', de => 'Vereinigte Staaten' } },
    continent => { code => 'NA', names => { en => 'North America', de => 'Nordamerika' } },
    location => { latitude => 37.751, longitude => -97.822, metro_code => 807 },
});
open my $fh, '>:raw', $out or die "cannot write $out: $!\n";
$tree->write_tree($fh);
close $fh;
