#!/usr/bin/perl
# Sisimai (Perl, Debian's libsisimai-perl 4.25) on one mbox or folder of messages: decodes every
# message. Sisimai 4 reads a folder's own files only, so a maildir is read as its cur/ and new/.
use strict; use warnings; use Sisimai;
my $path = $ARGV[0];
my @where = -d "$path/cur" ? grep { -d } ("$path/cur", "$path/new") : ($path);
my $n = 0;
for my $p (@where) { my $v = Sisimai->make($p, 'delivered' => 1) || []; $n += scalar(@$v); }
print "$n\n";
